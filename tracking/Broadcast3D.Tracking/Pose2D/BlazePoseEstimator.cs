using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Masks;
using Broadcast3D.Tracking.Preprocessing;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Broadcast3D.Tracking.Pose2D;

/// <summary>
/// MediaPipe BlazePose landmark model (lite/full/heavy): 256×256 NHWC RGB /255 crops, batched; 33 keypoints with
/// visibility, a person score, and the next frame's region from the two alignment points (hip centre and the
/// body size/rotation point) exactly as MediaPipe's pose tracking does, so a horizontal athlete is cropped upright.
/// The person mask (<c>activation_segmentation</c>) is bound too and handed out through <see cref="PersonMask"/>,
/// mapped back through each crop's map. Not thread-safe.
/// </summary>
public sealed class BlazePoseEstimator : IPoseEstimator
{
    /// <summary>Crop side in tensor pixels.</summary>
    public const int InputSize = 256;

    /// <summary>Landmarks in <c>ld_3d</c>: the 33 keypoints and 6 auxiliary points.</summary>
    public const int Landmarks = 39;

    private const int Values = 5;          // x, y, z, visibility logit, presence logit
    private const int HipCentre = 33;      // alignment point: centre of the body
    private const int SizeRotation = 34;   // alignment point: full-body size and rotation

    // MediaPipe pose_landmarks_to_roi: side = 2·|hip centre → size point|, then ×1.25 margin.
    private const double RoiScale = 2.0 * 1.25;

    /// <summary>What the adapter needs from the file.</summary>
    public static ModelSignature Signature { get; } = new("blazepose",
        [new TensorSignature("input_1", TensorElementType.Float, [-1, InputSize, InputSize, 3])],
        [new TensorSignature("ld_3d", TensorElementType.Float, [-1, Landmarks * Values]), new TensorSignature("output_poseflag", TensorElementType.Float, [-1, 1]),
         new TensorSignature("activation_segmentation", TensorElementType.Float, [-1, PersonMask.Size, PersonMask.Size, 1])]);

    /// <summary>RGB scaled to [0, 1]; outside the image is black, as MediaPipe's zero border.</summary>
    public static TensorSpec InputSpec { get; } = new(InputSize, InputSize, TensorLayout.Nhwc, ChannelOrder.Rgb, [0, 0, 0], [255, 255, 255], 0);

    private readonly OnnxModel _model;
    private readonly BatchBinding _binding;
    private readonly Affine2D[] _maps;
    private readonly ICropPreprocessor _crops;

    /// <summary>Opens the model and its input stage (<see cref="InferenceOptions.Preprocess"/>); up to <paramref name="maxBatch"/> crops go through one run.</summary>
    public BlazePoseEstimator(string path, InferenceOptions options, int maxBatch = 16)
    {
        _model = new OnnxModel(path, Signature, options);
        try
        {
            _binding = new BatchBinding(_model, maxBatch, [Signature.Inputs[0]], Signature.Outputs);
            _crops = CropPreprocessors.Create(options.Preprocess, InputSpec);
        }
        catch
        {
            _binding?.Dispose();
            _model.Dispose();
            throw;
        }
        _maps = new Affine2D[_binding.Capacity];
    }

    public string Description => $"blazepose ({_model.Path}; {_model.Provider}; crops: {_crops.Name})";

    public SkeletonDefinition Skeleton => SkeletonCatalog.BlazePose33;

    public int KeypointCount => 33;

    /// <summary>The pooled binding (benchmarks compare it with a bare session run).</summary>
    public BatchBinding Binding => _binding;

    /// <summary>The session owner.</summary>
    public OnnxModel Model => _model;

    public bool ProducesMasks => true;

    public void Estimate(ReadOnlySpan<ImagePlanes> frames, ReadOnlySpan<PoseRequest> requests, Span<Keypoint> keypoints, Span<PoseEstimate> estimates) =>
        Estimate(frames, requests, keypoints, estimates, []);

    public void Estimate(ReadOnlySpan<ImagePlanes> frames, ReadOnlySpan<PoseRequest> requests, Span<Keypoint> keypoints, Span<PoseEstimate> estimates,
        ReadOnlySpan<PersonMask> masks)
    {
        if (keypoints.Length < requests.Length * KeypointCount || estimates.Length < requests.Length)
            throw new ArgumentException($"output spans too small for {requests.Length} requests");
        if (masks.Length != 0 && masks.Length < requests.Length)
            throw new ArgumentException($"{masks.Length} masks for {requests.Length} requests: give one per request, or none", nameof(masks));
        // Requests come grouped by camera: each picture is loaded (uploaded, for the kernel) once per call.
        int loaded = -1;
        for (int start = 0; start < requests.Length; start += _binding.Capacity)
        {
            int n = Math.Min(_binding.Capacity, requests.Length - start);
            for (int i = 0; i < n; i++)
                _maps[i] = requests[start + i].Region.ToAffine(InputSize);
            PoseCropBatch.Fill(_crops, _binding, frames, requests.Slice(start, n), _maps.AsSpan(0, n), ref loaded);
            _binding.Run(n);
            for (int i = 0; i < n; i++)
            {
                int q = start + i;
                bool valid = requests[q].Region.Side >= 1;
                Decode(i, valid, keypoints.Slice(q * KeypointCount, KeypointCount), out estimates[q]);
                if (masks.Length != 0)
                {
                    ImagePlanes f = frames[requests[q].FrameIndex];
                    if (valid)
                        masks[q].Set(_binding.OutputItem<float>(2, i), _maps[i], f.Width, f.Height);
                    else
                        masks[q].Clear(f.Width, f.Height);
                }
            }
        }
    }

    /// <summary>
    /// MediaPipe's landmarks → next region: centre on the hip-centre point, side 2.5 × its distance to the
    /// size/rotation point, rotation so that this vector points up in the crop.
    /// </summary>
    public static PoseRegion RegionFromAlignment(double hipX, double hipY, double sizeX, double sizeY)
    {
        double dx = sizeX - hipX, dy = sizeY - hipY;
        double rotation = NormalizeRadians(Math.PI / 2 - Math.Atan2(-dy, dx));
        return new PoseRegion(hipX, hipY, RoiScale * Math.Sqrt(dx * dx + dy * dy), rotation);
    }

    private void Decode(int slot, bool valid, Span<Keypoint> keypoints, out PoseEstimate estimate)
    {
        ReadOnlySpan<float> ld = _binding.OutputItem<float>(0, slot);
        float flag = valid ? _binding.OutputItem<float>(1, slot)[0] : 0;
        Affine2D map = _maps[slot];
        for (int k = 0; k < KeypointCount; k++)
        {
            (double x, double y) = ToImage(map, ld, k);
            keypoints[k] = valid ? new Keypoint((float)x, (float)y, Sigmoid(ld[k * Values + 3])) : default;
        }
        (double hx, double hy) = ToImage(map, ld, HipCentre);
        (double sx, double sy) = ToImage(map, ld, SizeRotation);
        estimate = new PoseEstimate(flag, RegionFromAlignment(hx, hy, sx, sy));
    }

    // Model x,y are continuous crop coordinates (0..256, pixel edges); the affine works on pixel centres.
    private static (double X, double Y) ToImage(in Affine2D map, ReadOnlySpan<float> ld, int k) =>
        map.Apply(ld[k * Values] - 0.5, ld[k * Values + 1] - 0.5);

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    private static double NormalizeRadians(double a) => a - 2 * Math.PI * Math.Floor((a + Math.PI) / (2 * Math.PI));

    public void Dispose()
    {
        _crops.Dispose();
        _binding.Dispose();
        _model.Dispose();
    }
}
