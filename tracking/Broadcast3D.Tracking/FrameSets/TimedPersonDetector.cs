using Broadcast3D.Core.Frames;
using System.Diagnostics;
using Broadcast3D.Tracking.Pose2D;
using Broadcast3D.Core.Diagnostics;

namespace Broadcast3D.Tracking.FrameSets;

/// <summary>
/// Measures a detector's calls into a <see cref="StageTiming"/> so the pipeline can report detection apart from
/// pose estimation (both run inside <see cref="Pose2DPipeline.Process"/>). Owns and disposes the inner detector.
/// Not thread-safe, like the detector it wraps.
/// </summary>
public sealed class TimedPersonDetector(IPersonDetector inner, StageTiming timing) : IPersonDetector
{
    /// <inheritdoc/>
    public string Description => inner.Description;

    /// <inheritdoc/>
    public void Detect(ReadOnlySpan<ImagePlanes> frames, ReadOnlySpan<List<PersonBox>> boxes)
    {
        long start = Stopwatch.GetTimestamp();
        inner.Detect(frames, boxes);
        timing.Record(start);
    }

    public void Dispose() => inner.Dispose();
}
