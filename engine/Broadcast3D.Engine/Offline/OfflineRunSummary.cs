using Broadcast3D.Renderer.Views;
using Broadcast3D.Tracking.Evaluation;
namespace Broadcast3D.Engine.Offline;

/// <summary>
/// What an offline run did and measured; serialised as <c>summary.json</c>. Times are wall-clock on the machine
/// that ran it. Immutable.
/// </summary>
public sealed record OfflineRunSummary
{
    /// <summary>Trial name.</summary>
    public required string Trial { get; init; }

    /// <summary>Frame sets processed (one frame per camera each).</summary>
    public required int Frames { get; init; }

    /// <summary>Cameras per frame set.</summary>
    public required int Cameras { get; init; }

    /// <summary>Capture frame rate, frames per second.</summary>
    public required double FrameRate { get; init; }

    /// <summary>Largest capture-time difference between the cameras of one frame set, milliseconds.</summary>
    public required double MaxFrameSetSkewMilliseconds { get; init; }

    /// <summary>The 2D models.</summary>
    public required string Models { get; init; }

    /// <summary>Wall time of the whole run, seconds.</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Frame sets per second through the tracking stages (decode to triangulate).</summary>
    public required double TrackingFrameSetsPerSecond { get; init; }

    /// <summary>Per-stage latency.</summary>
    public required IReadOnlyList<StageSummary> Stages { get; init; }

    /// <summary>Pose2Sim's grand mean reprojection error of the exported person (before gap filling), pixels.</summary>
    public required double ReprojectionErrorPixels { get; init; }

    /// <summary>The same in millimetres (Pose2Sim's pixel-to-metre factor).</summary>
    public required double ReprojectionErrorMillimetres { get; init; }

    /// <summary>Points (frames × markers) of the exported person that triangulation found, of all.</summary>
    public required double TriangulatedShare { get; init; }

    /// <summary>Distinct 3D ids seen, and the id exported (the one present in most frame sets).</summary>
    public required int PeopleTracked { get; init; }

    /// <summary>Exported 3D id.</summary>
    public required int ExportedPersonId { get; init; }

    /// <summary>Agreement of the exported (filtered) TRC with the reference TRC; null without a reference.</summary>
    public TrcAgreement? ReferenceAgreement { get; init; }

    /// <summary>Agreement of the unfiltered result (before gap filling and Butterworth) with the reference.</summary>
    public TrcAgreement? ReferenceAgreementUnfiltered { get; init; }

    /// <summary>The reference file compared with.</summary>
    public string? ReferenceTrc { get; init; }

    /// <summary>The orbit replay's virtual camera (with <see cref="OrbitStartRadians"/>, frame n of N is at
    /// <c>OrbitCamera.AngleAt(n, N, start)</c>).</summary>
    public required OrbitCamera Orbit { get; init; }

    /// <summary>Angle of the orbit's first frame, radians.</summary>
    public required double OrbitStartRadians { get; init; }

    /// <summary>What drew the pictures: the GPU compositor and its device.</summary>
    public required string Renderer { get; init; }

    /// <summary>
    /// The counters of the channel that drew the pictures (pass 2): frames out, repeated, dropped, per output; null
    /// when no picture was drawn.
    /// </summary>
    public Channels.ChannelCounters? Channel { get; init; }

    /// <summary>Data protection of the pictures (issue #21): the blur mode, the registry and what was blurred; null when no pictures were drawn.</summary>
    public OfflinePrivacySummary? Privacy { get; init; }

    /// <summary>The athletes' meshes of the orbit replay (issue #18); null when the run draws capsules.</summary>
    public OfflineMeshSummary? Meshes { get; init; }

    /// <summary>Files written, relative to the output folder.</summary>
    public required IReadOnlyList<string> Outputs { get; init; }
}
