namespace Broadcast3D.Engine.Offline;

/// <summary>How an offline run processes a trial and where it writes. Immutable.</summary>
public sealed record OfflineRunOptions
{
    /// <summary>Output folder (created when missing; files of an earlier run are overwritten).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Person detector: a model name of the catalog (see <c>ModelCatalog</c>).</summary>
    public string Detector { get; init; } = "rtmdet";

    /// <summary>2D pose model: a model name of the catalog.</summary>
    public string PoseModel { get; init; } = "blazepose-full";

    /// <summary>Run the detector every k-th frame set; in between, crops follow the previous keypoints.</summary>
    public int DetectEvery { get; init; } = 1;

    /// <summary>CPU threads per inference (0: ONNX Runtime's default, one per physical core).</summary>
    public int InferenceThreads { get; init; }

    /// <summary>Most people triangulated per frame set (slots of the triangulation batch).</summary>
    public int MaxPeople { get; init; } = 4;

    /// <summary>Longest gap (frames) filled by the cubic spline, as Pose2Sim's demo settings.</summary>
    public int MaxGapFrames { get; init; } = 10;

    /// <summary>Butterworth order (even; Pose2Sim's convention) and cut-off of the offline filter.</summary>
    public int FilterOrder { get; init; } = 4;

    /// <summary>Butterworth cut-off frequency, hertz.</summary>
    public double FilterCutoffHz { get; init; } = 6.0;

    /// <summary>Render and encode the videos (false: 3D, 2D and summary only).</summary>
    public bool RenderVideo { get; init; } = true;

    /// <summary>NDI source name to send the programme on as well, or null for none.</summary>
    public string? NdiSourceName { get; init; }

    /// <summary>
    /// Where the tracking kernels run (<c>--accelerator</c>); <c>auto</c> resolves to CUDA, OpenCL or the reference
    /// when the run starts. Results agree to 1e-9 m whichever runs.
    /// </summary>
    public Tracking.Accelerators.TrackingAccelerator Accelerator { get; init; } = Tracking.Accelerators.TrackingAccelerator.Auto;

    /// <summary>
    /// What crops and letterboxes the models' inputs (<c>--preprocess</c>); <c>auto</c> resolves to the ILGPU kernel
    /// on CUDA or OpenCL, else the C# reference, when the run starts. The tensors are equal whichever runs.
    /// </summary>
    public Tracking.Accelerators.TrackingAccelerator Preprocess { get; init; } = Tracking.Accelerators.TrackingAccelerator.Auto;

    /// <summary>Stop after this many frame sets (null: the whole trial).</summary>
    public int? MaxFrames { get; init; }

    /// <summary>Who is blurred in the camera views and the programme (issue #21; default: everyone not linked to a consenting identity).</summary>
    public Privacy.BlurMode Blur { get; init; } = Privacy.BlurMode.Untracked;

    /// <summary>
    /// Identities and their consents; the person tracked the longest is linked to the identities with the
    /// <c>main</c> rule. Null: an empty registry (nobody is linked, so with the default blur everyone is blurred).
    /// </summary>
    public Privacy.ConsentRegistry? Consent { get; init; }

    /// <summary>
    /// The athletes' meshes in the orbit replay (issue #18): carved in the tracking pass with these settings and drawn
    /// in place of the capsules, over a floor with their shadows; null: capsules on the dark background. Needs a
    /// BlazePose model (the only one with a person mask) and the tracking in this process (not <c>--nodes</c>).
    /// </summary>
    public Tracking.Meshes.MeshOptions? Mesh { get; init; }
}
