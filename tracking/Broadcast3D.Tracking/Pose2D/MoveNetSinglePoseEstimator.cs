using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Preprocessing;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Broadcast3D.Tracking.Pose2D;

/// <summary>
/// MoveNet single-pose (Lightning 192², Thunder 256²): one square RGB crop as int32 0–255, COCO-17 (y, x, score)
/// normalised to the crop. The export has batch 1, so crops run one after another. Poor on crowded crops (it locks
/// onto neighbours, MODELS.md); prefer BlazePose for top-down. Not thread-safe.
/// </summary>
public sealed class MoveNetSinglePoseEstimator : IPoseEstimator
{
    private readonly OnnxModel _model;
    private readonly BatchBinding _binding;
    private readonly TensorSpec _spec;
    private readonly float[] _scratch;
    private readonly ICropPreprocessor _crops;

    /// <summary>The family's signature for an input side of <paramref name="size"/> (192 or 256; -1 = any).</summary>
    public static ModelSignature SignatureFor(int size) => new("movenet",
        [new TensorSignature("input", TensorElementType.Int32, [1, size, size, 3])],
        [new TensorSignature("output_0", TensorElementType.Float, [1, 1, 17, 3])]);

    /// <summary>Opens the model and its input stage (<see cref="InferenceOptions.Preprocess"/>); the input side is read from the file (192 Lightning, 256 Thunder).</summary>
    public MoveNetSinglePoseEstimator(string path, InferenceOptions options)
    {
        _model = new OnnxModel(path, SignatureFor(-1), options);
        int[] dims = _model.Session.InputMetadata["input"].Dimensions;
        if (dims[1] <= 0 || dims[1] != dims[2])
        {
            _model.Dispose();
            throw new ModelMismatchException($"{path}: a single-pose MoveNet has a fixed square input, found [{string.Join(',', dims)}]");
        }
        InputSize = dims[1];
        _spec = new TensorSpec(InputSize, InputSize, TensorLayout.Nhwc, ChannelOrder.Rgb, [0, 0, 0], [1, 1, 1], 0);
        _scratch = new float[_spec.ElementsPerImage];
        try
        {
            _binding = new BatchBinding(_model, 1, SignatureFor(InputSize).Inputs, _model.Signature.Outputs);
            _crops = CropPreprocessors.Create(options.Preprocess, _spec);
        }
        catch
        {
            _binding?.Dispose();
            _model.Dispose();
            throw;
        }
    }

    /// <summary>Crop side in tensor pixels.</summary>
    public int InputSize { get; }

    public string Description => $"movenet ({_model.Path}; {_model.Provider}; crops: {_crops.Name})";

    public SkeletonDefinition Skeleton => SkeletonCatalog.Coco17;

    public int KeypointCount => 17;

    public void Estimate(ReadOnlySpan<ImagePlanes> frames, ReadOnlySpan<PoseRequest> requests, Span<Keypoint> keypoints, Span<PoseEstimate> estimates)
    {
        if (keypoints.Length < requests.Length * KeypointCount || estimates.Length < requests.Length)
            throw new ArgumentException($"output spans too small for {requests.Length} requests");
        // Requests come grouped by camera: each picture is loaded (uploaded, for the kernel) once per call.
        int loaded = -1;
        for (int q = 0; q < requests.Length; q++)
        {
            PoseRequest r = requests[q];
            Span<Keypoint> kp = keypoints.Slice(q * KeypointCount, KeypointCount);
            if (r.Region.Side < 1)
            {
                kp.Clear();
                estimates[q] = new PoseEstimate(0, r.Region);
                continue;
            }
            if (r.FrameIndex != loaded)
            {
                _crops.Load(frames[r.FrameIndex]);
                loaded = r.FrameIndex;
            }
            Affine2D map = r.Region.ToAffine(InputSize);
            _crops.Crop(map, _scratch);
            Span<int> input = _binding.InputItem<int>(0, 0);
            for (int i = 0; i < input.Length; i++)
                input[i] = (int)MathF.Round(_scratch[i]);
            _binding.Run(1);
            ReadOnlySpan<float> o = _binding.OutputItem<float>(0, 0);
            float sum = 0;
            for (int k = 0; k < KeypointCount; k++)
            {
                // Normalised continuous crop coordinates → pixel-centre tensor coordinates → image.
                (double x, double y) = map.Apply(o[k * 3 + 1] * InputSize - 0.5, o[k * 3] * InputSize - 0.5);
                kp[k] = new Keypoint((float)x, (float)y, o[k * 3 + 2]);
                sum += o[k * 3 + 2];
            }
            // MoveNet has no person score: the mean keypoint confidence stands in for it.
            estimates[q] = new PoseEstimate(sum / KeypointCount, PoseRegionFromKeypoints(kp, r.Region));
        }
    }

    /// <summary>The next crop: the box of the confident keypoints with the usual 1.25 margin, or the same region when none is.</summary>
    internal static PoseRegion PoseRegionFromKeypoints(ReadOnlySpan<Keypoint> keypoints, PoseRegion fallback)
    {
        float x1 = float.MaxValue, y1 = float.MaxValue, x2 = float.MinValue, y2 = float.MinValue;
        foreach (Keypoint p in keypoints)
        {
            if (p.Score < 0.3f)
                continue;
            x1 = Math.Min(x1, p.X);
            y1 = Math.Min(y1, p.Y);
            x2 = Math.Max(x2, p.X);
            y2 = Math.Max(y2, p.Y);
        }
        return x2 - x1 >= 1 || y2 - y1 >= 1 ? PoseRegion.FromBox(new PersonBox(x1, y1, x2, y2, 1)) : fallback;
    }

    public void Dispose()
    {
        _crops.Dispose();
        _binding.Dispose();
        _model.Dispose();
    }
}
