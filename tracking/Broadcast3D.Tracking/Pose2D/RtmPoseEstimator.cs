using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Preprocessing;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Broadcast3D.Tracking.Pose2D;

/// <summary>
/// RTMPose (SimCC head) for users who bring the model: NCHW RGB crops normalised with the ImageNet mean/std at the
/// model's input size (192×256 for the body models), the region's square reshaped to the input aspect (height =
/// region side), mmpose's affine convention (crop centre at W/2, H/2, no half-pixel shift), SimCC decoding, batched
/// when the export has a dynamic batch. Keypoints in the model's order (COCO-17 for the body models). Not thread-safe.
/// </summary>
public sealed class RtmPoseEstimator : IPoseEstimator
{
    /// <summary>What the adapter needs from the file: any input size, SimCC outputs with any joint count and bins.</summary>
    public static ModelSignature Signature { get; } = new("rtmpose",
        [new TensorSignature("input", TensorElementType.Float, [-1, 3, -1, -1])],
        [new TensorSignature("simcc_x", TensorElementType.Float, [-1, -1, -1]), new TensorSignature("simcc_y", TensorElementType.Float, [-1, -1, -1])]);

    private readonly OnnxModel _model;
    private readonly BatchBinding _binding;
    private readonly TensorSpec _spec;
    private readonly Affine2D[] _maps;
    private readonly int _binsX;
    private readonly int _binsY;
    private readonly ICropPreprocessor _crops;

    /// <summary>Opens the model and its input stage (<see cref="InferenceOptions.Preprocess"/>); sizes come from the file and must be concrete except the batch.</summary>
    public RtmPoseEstimator(string path, InferenceOptions options, int maxBatch = 16)
    {
        _model = new OnnxModel(path, Signature, options);
        int[] input = _model.Session.InputMetadata["input"].Dimensions;
        int[] sx = _model.Session.OutputMetadata["simcc_x"].Dimensions;
        int[] sy = _model.Session.OutputMetadata["simcc_y"].Dimensions;
        if (input[2] <= 0 || input[3] <= 0 || sx[1] <= 0 || sx[2] <= 0 || sy[2] <= 0)
        {
            _model.Dispose();
            throw new ModelMismatchException($"{path}: RTMPose export with dynamic sizes (input [{string.Join(',', input)}], simcc_x [{string.Join(',', sx)}]); export it with a fixed input size");
        }
        InputHeight = input[2];
        InputWidth = input[3];
        KeypointCount = sx[1];
        _binsX = sx[2];
        _binsY = sy[2];
        _spec = new TensorSpec(InputWidth, InputHeight, TensorLayout.Nchw, ChannelOrder.Rgb, [123.675f, 116.28f, 103.53f], [58.395f, 57.12f, 57.375f], 0);
        try
        {
            _binding = new BatchBinding(_model, maxBatch,
                [new TensorSignature("input", TensorElementType.Float, [-1, 3, InputHeight, InputWidth])],
                [new TensorSignature("simcc_x", TensorElementType.Float, [-1, KeypointCount, _binsX]), new TensorSignature("simcc_y", TensorElementType.Float, [-1, KeypointCount, _binsY])]);
            _crops = CropPreprocessors.Create(options.Preprocess, _spec);
        }
        catch
        {
            _binding?.Dispose();
            _model.Dispose();
            throw;
        }
        _maps = new Affine2D[_binding.Capacity];
    }

    /// <summary>Input width in tensor pixels (192 for the body models).</summary>
    public int InputWidth { get; }

    /// <summary>Input height in tensor pixels (256 for the body models).</summary>
    public int InputHeight { get; }

    public string Description => $"rtmpose ({_model.Path}; {_model.Provider}; crops: {_crops.Name})";

    public SkeletonDefinition Skeleton => SkeletonCatalog.Coco17;

    public int KeypointCount { get; }

    /// <summary>
    /// mmpose's crop map: tensor (u, v) → image, the region's height filling the input height, rotated like the
    /// region, tensor (W/2, H/2) at the region centre.
    /// </summary>
    public static Affine2D CropMap(in PoseRegion region, int inputWidth, int inputHeight)
    {
        double s = region.Side / inputHeight;
        double cos = Math.Cos(region.RotationRadians) * s, sin = Math.Sin(region.RotationRadians) * s;
        double u0 = inputWidth / 2.0, v0 = inputHeight / 2.0;
        return new Affine2D(cos, -sin, region.CentreX - cos * u0 + sin * v0, sin, cos, region.CentreY - sin * u0 - cos * v0);
    }

    public void Estimate(ReadOnlySpan<ImagePlanes> frames, ReadOnlySpan<PoseRequest> requests, Span<Keypoint> keypoints, Span<PoseEstimate> estimates)
    {
        int k = KeypointCount;
        if (keypoints.Length < requests.Length * k || estimates.Length < requests.Length)
            throw new ArgumentException($"output spans too small for {requests.Length} requests");
        // Requests come grouped by camera: each picture is loaded (uploaded, for the kernel) once per call.
        int loaded = -1;
        for (int start = 0; start < requests.Length; start += _binding.Capacity)
        {
            int n = Math.Min(_binding.Capacity, requests.Length - start);
            for (int i = 0; i < n; i++)
                _maps[i] = CropMap(requests[start + i].Region, InputWidth, InputHeight);
            PoseCropBatch.Fill(_crops, _binding, frames, requests.Slice(start, n), _maps.AsSpan(0, n), ref loaded);
            _binding.Run(n);
            for (int i = 0; i < n; i++)
            {
                int q = start + i;
                Span<Keypoint> kp = keypoints.Slice(q * k, k);
                Decode(_binding.OutputItem<float>(0, i), _binding.OutputItem<float>(1, i), _maps[i], kp);
                if (requests[q].Region.Side < 1)
                    kp.Clear();
                float sum = 0;
                foreach (Keypoint p in kp)
                    sum += Math.Clamp(p.Score, 0, 1);
                // SimCC has no person score: the mean joint confidence stands in for it.
                estimates[q] = new PoseEstimate(sum / k, MoveNetSinglePoseEstimator.PoseRegionFromKeypoints(kp, requests[q].Region));
            }
        }
    }

    /// <summary>SimCC outputs of one crop → keypoints in image pixels through <paramref name="map"/>.</summary>
    public void Decode(ReadOnlySpan<float> simccX, ReadOnlySpan<float> simccY, in Affine2D map, Span<Keypoint> keypoints)
    {
        SimccDecoder.Decode(simccX, _binsX, simccY, _binsY, keypoints);
        for (int j = 0; j < keypoints.Length; j++)
        {
            Keypoint p = keypoints[j];
            if (p.Score <= 0)
                continue;
            (double x, double y) = map.Apply(p.X, p.Y);
            keypoints[j] = new Keypoint((float)x, (float)y, p.Score);
        }
    }

    public void Dispose()
    {
        _crops.Dispose();
        _binding.Dispose();
        _model.Dispose();
    }
}
