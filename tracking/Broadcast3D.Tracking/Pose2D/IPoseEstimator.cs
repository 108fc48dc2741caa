using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Tracking.Masks;
namespace Broadcast3D.Tracking.Pose2D;

/// <summary>
/// Estimates the keypoints of one person per crop (top-down). Implementations own one session and pooled buffers;
/// not thread-safe.
/// </summary>
public interface IPoseEstimator : IDisposable
{
    /// <summary>Model family and file, for logs.</summary>
    string Description { get; }

    /// <summary>Layout of the keypoints written (<see cref="SkeletonCatalog.BlazePose33"/>, <see cref="SkeletonCatalog.Coco17"/>).</summary>
    SkeletonDefinition Skeleton { get; }

    /// <summary>Keypoints per person (the skeleton's count).</summary>
    int KeypointCount { get; }

    /// <summary>
    /// Runs every request (all crops of all frames, in as few batches as the model allows) and writes, for request
    /// i, its keypoints to <paramref name="keypoints"/>[i·K .. i·K+K) in image pixels and its score and next-frame
    /// region to <paramref name="estimates"/>[i]. Regions partly or wholly outside the image are padded, never
    /// rejected; a region under 1 px gives score 0.
    /// </summary>
    void Estimate(ReadOnlySpan<ImagePlanes> frames, ReadOnlySpan<PoseRequest> requests, Span<Keypoint> keypoints, Span<PoseEstimate> estimates);

    /// <summary>Whether <see cref="Estimate(ReadOnlySpan{ImagePlanes}, ReadOnlySpan{PoseRequest}, Span{Keypoint}, Span{PoseEstimate}, ReadOnlySpan{PersonMask})"/> fills person masks (BlazePose does; the others have no mask output).</summary>
    bool ProducesMasks => false;

    /// <summary>
    /// As <see cref="Estimate(ReadOnlySpan{ImagePlanes}, ReadOnlySpan{PoseRequest}, Span{Keypoint}, Span{PoseEstimate})"/>,
    /// and also writes request i's person mask, mapped to its frame, into <paramref name="masks"/>[i] (the caller's
    /// pooled masks, one per request) when <see cref="ProducesMasks"/>; a rejected region gets an empty mask. An
    /// estimator without masks leaves them untouched.
    /// </summary>
    void Estimate(ReadOnlySpan<ImagePlanes> frames, ReadOnlySpan<PoseRequest> requests, Span<Keypoint> keypoints, Span<PoseEstimate> estimates,
        ReadOnlySpan<PersonMask> masks) => Estimate(frames, requests, keypoints, estimates);
}
