using Broadcast3D.Core.Frames;
using System.Diagnostics;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Tracking.Pose2D;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Tracking.Masks;

namespace Broadcast3D.Tracking.FrameSets;

/// <summary>
/// Measures a pose estimator's calls into a <see cref="StageTiming"/> (see <see cref="TimedPersonDetector"/>).
/// Owns and disposes the inner estimator. Not thread-safe.
/// </summary>
public sealed class TimedPoseEstimator(IPoseEstimator inner, StageTiming timing) : IPoseEstimator
{
    /// <inheritdoc/>
    public string Description => inner.Description;

    /// <inheritdoc/>
    public SkeletonDefinition Skeleton => inner.Skeleton;

    /// <inheritdoc/>
    public int KeypointCount => inner.KeypointCount;

    /// <inheritdoc/>
    public void Estimate(ReadOnlySpan<ImagePlanes> frames, ReadOnlySpan<PoseRequest> requests, Span<Keypoint> keypoints, Span<PoseEstimate> estimates)
    {
        long start = Stopwatch.GetTimestamp();
        inner.Estimate(frames, requests, keypoints, estimates);
        timing.Record(start);
    }

    /// <inheritdoc/>
    public bool ProducesMasks => inner.ProducesMasks;

    /// <inheritdoc/>
    public void Estimate(ReadOnlySpan<ImagePlanes> frames, ReadOnlySpan<PoseRequest> requests, Span<Keypoint> keypoints, Span<PoseEstimate> estimates,
        ReadOnlySpan<PersonMask> masks)
    {
        long start = Stopwatch.GetTimestamp();
        inner.Estimate(frames, requests, keypoints, estimates, masks);
        timing.Record(start);
    }

    public void Dispose() => inner.Dispose();
}
