using Broadcast3D.Core.Frames;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Tracking.Pose2D;

/// <summary>
/// Fills one batch of a top-down pose model's float input with crops, the loop the batched estimators
/// (<see cref="BlazePoseEstimator"/>, <see cref="RtmPoseEstimator"/>) share: each request's region through its crop
/// map into its batch item, a picture loaded (uploaded, for a kernel) only when the requests move to another camera.
/// </summary>
internal static class PoseCropBatch
{
    /// <summary>
    /// Crops <paramref name="requests"/> (one batch, at most the binding's capacity) into input 0's items 0..n−1
    /// through <paramref name="maps"/> (one per request, tensor → image). A region under a pixel cannot hold a person
    /// and would make its map singular: its item is zeroed, and the caller reports it as no pose.
    /// <paramref name="loaded"/> is the frame index whose picture the preprocessor holds (−1: none), carried from one
    /// batch to the next so requests grouped by camera load each picture once per call.
    /// </summary>
    public static void Fill(ICropPreprocessor crops, BatchBinding binding, ReadOnlySpan<ImagePlanes> frames,
        ReadOnlySpan<PoseRequest> requests, ReadOnlySpan<Affine2D> maps, ref int loaded)
    {
        for (int i = 0; i < requests.Length; i++)
        {
            PoseRequest r = requests[i];
            Span<float> input = binding.InputItem<float>(0, i);
            if (r.Region.Side < 1)
            {
                input.Clear();
                continue;
            }
            if (r.FrameIndex != loaded)
            {
                crops.Load(frames[r.FrameIndex]);
                loaded = r.FrameIndex;
            }
            crops.Crop(maps[i], input);
        }
    }
}
