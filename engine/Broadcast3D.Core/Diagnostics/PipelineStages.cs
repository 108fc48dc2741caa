
namespace Broadcast3D.Core.Diagnostics;

/// <summary>
/// The latency of every stage of one pipeline run, in processing order. Each stage has one writer thread; any
/// thread may read (see <see cref="StageTiming"/>).
/// </summary>
public sealed class PipelineStages
{
    /// <summary>Creates the stage set with every stage at zero.</summary>
    public PipelineStages()
    {
        All = [Decode, Detect, Pose, Associate, Triangulate, Filter, Render, Write];
    }

    /// <summary>
    /// Waiting for a frame set: the cameras decode on their reader threads, so this is the time the pipeline waited
    /// for the slowest of them (near 0 while decoding keeps ahead).
    /// </summary>
    public StageTiming Decode { get; } = new("decode");

    /// <summary>Person detection (every camera that needs it, one batch).</summary>
    public StageTiming Detect { get; } = new("detect");

    /// <summary>2D pose of every crop of a frame set, batched.</summary>
    public StageTiming Pose { get; } = new("pose");

    /// <summary>Cross-view association of the 2D people.</summary>
    public StageTiming Associate { get; } = new("associate");

    /// <summary>Triangulation with camera exclusion, and person tracking.</summary>
    public StageTiming Triangulate { get; } = new("triangulate");

    /// <summary>Gap filling and filtering (offline: once over the whole trial).</summary>
    public StageTiming Filter { get; } = new("filter");

    /// <summary>Compositing and reading back the output pictures (offline: every view of a frame set: the camera overlays, the orbit, the programme).</summary>
    public StageTiming Render { get; } = new("render");

    /// <summary>Writing the OpenPose JSON and TRC files.</summary>
    public StageTiming Write { get; } = new("write");

    /// <summary>Every stage, in processing order.</summary>
    public IReadOnlyList<StageTiming> All { get; }
}
