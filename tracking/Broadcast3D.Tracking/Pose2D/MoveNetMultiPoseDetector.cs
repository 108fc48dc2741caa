using Broadcast3D.Core.Frames;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Preprocessing;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Broadcast3D.Tracking.Pose2D;

/// <summary>
/// MoveNet multi-pose Lightning: bottom-up, up to 6 people per frame with boxes and COCO-17 keypoints, no separate
/// detector. Input int32 RGB, longer side 256, both sides padded up to multiples of 32 (bottom/right, black).
/// Used as a person detector; the keypoints of the last frames are kept for callers that want them directly.
/// Not thread-safe.
/// </summary>
public sealed class MoveNetMultiPoseDetector : IPersonDetector
{
    /// <summary>Longer input side.</summary>
    public const int LongSide = 256;

    /// <summary>People per frame the model reports.</summary>
    public const int MaxPeople = 6;

    private const int Values = 56; // 17 × (y, x, score), then ymin, xmin, ymax, xmax, score

    /// <summary>What the adapter needs from the file.</summary>
    public static ModelSignature Signature { get; } = new("movenet-multipose",
        [new TensorSignature("input", TensorElementType.Int32, [1, -1, -1, 3])],
        [new TensorSignature("output_0", TensorElementType.Float, [1, MaxPeople, Values])]);

    private readonly OnnxModel _model;
    private readonly TrackingAccelerator _preprocess;
    private readonly Dictionary<(int W, int H), (BatchBinding Binding, ICropPreprocessor Crops)> _bindings = [];
    private readonly List<Keypoint[]> _keypoints = [];
    private float[] _scratch = [];

    /// <summary>Opens the model; its input stage (<see cref="InferenceOptions.Preprocess"/>) is made per input size when a frame size is first seen.</summary>
    public MoveNetMultiPoseDetector(string path, InferenceOptions options, float scoreThreshold = 0.2f)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Resolved now, so that a GPU that is not usable fails here and not at the first frame.
        _preprocess = CropPreprocessors.Resolve(options.Preprocess, "preprocess");
        _model = new OnnxModel(path, Signature, options);
        ScoreThreshold = scoreThreshold;
    }

    /// <summary>People scoring at or below this are dropped.</summary>
    public float ScoreThreshold { get; }

    public string Description => $"movenet-multipose ({_model.Path}; {_model.Provider}; crops: {(_preprocess == TrackingAccelerator.Reference ? "reference" : $"ilgpu {TrackingAccelerators.Name(_preprocess)}")})";

    /// <summary>COCO-17 keypoints of person <paramref name="person"/> of frame <paramref name="frame"/> of the last call, in the order of its boxes.</summary>
    public ReadOnlySpan<Keypoint> Keypoints(int frame, int person) => _keypoints[frame].AsSpan(person * 17, 17);

    /// <summary>Tensor size for a width × height frame: longer side 256, each side rounded up to a multiple of 32.</summary>
    public static (int Width, int Height, double Scale) InputSize(int width, int height)
    {
        double r = (double)LongSide / Math.Max(width, height);
        return ((int)Math.Ceiling(width * r / 32) * 32, (int)Math.Ceiling(height * r / 32) * 32, r);
    }

    public void Detect(ReadOnlySpan<ImagePlanes> frames, ReadOnlySpan<List<PersonBox>> boxes)
    {
        if (boxes.Length < frames.Length)
            throw new ArgumentException($"{frames.Length} frames but {boxes.Length} result lists", nameof(boxes));
        while (_keypoints.Count < frames.Length)
            _keypoints.Add(new Keypoint[MaxPeople * 17]);
        for (int i = 0; i < frames.Length; i++)
        {
            ImagePlanes f = frames[i];
            (int w, int h, double r) = InputSize(f.Width, f.Height);
            (BatchBinding binding, ICropPreprocessor crops) = Binding(w, h);
            if (_scratch.Length != crops.Spec.ElementsPerImage)
                _scratch = new float[crops.Spec.ElementsPerImage];
            crops.Load(f);
            crops.Crop(Affine2D.Letterbox(r), _scratch);
            Span<int> input = binding.InputItem<int>(0, 0);
            for (int j = 0; j < input.Length; j++)
                input[j] = (int)MathF.Round(_scratch[j]);
            binding.Run(1);
            Decode(binding.OutputItem<float>(0, 0), w / r, h / r, f, boxes[i], _keypoints[i]);
        }
    }

    private void Decode(ReadOnlySpan<float> o, double spanX, double spanY, in ImagePlanes f, List<PersonBox> result, Keypoint[] keypoints)
    {
        result.Clear();
        for (int p = 0; p < MaxPeople; p++)
        {
            ReadOnlySpan<float> v = o.Slice(p * Values, Values);
            var box = new PersonBox((float)(v[52] * spanX), (float)(v[51] * spanY), (float)(v[54] * spanX), (float)(v[53] * spanY), v[55])
                .ClipTo(f.Width, f.Height);
            if (!(box.Score > ScoreThreshold) || box.Width < 2 || box.Height < 2)
                continue;
            int slot = result.Count;
            result.Add(box);
            for (int k = 0; k < 17; k++)
                keypoints[slot * 17 + k] = new Keypoint((float)(v[k * 3 + 1] * spanX), (float)(v[k * 3] * spanY), v[k * 3 + 2]);
            // Keep best first (the detector contract), moving the keypoints along with their box.
            for (int j = slot; j > 0 && result[j].Score > result[j - 1].Score; j--)
            {
                (result[j], result[j - 1]) = (result[j - 1], result[j]);
                for (int k = 0; k < 17; k++)
                    (keypoints[j * 17 + k], keypoints[(j - 1) * 17 + k]) = (keypoints[(j - 1) * 17 + k], keypoints[j * 17 + k]);
            }
        }
    }

    /// <summary>The binding and input stage of one input size, created the first time a frame size is seen.</summary>
    private (BatchBinding Binding, ICropPreprocessor Crops) Binding(int w, int h)
    {
        if (!_bindings.TryGetValue((w, h), out (BatchBinding, ICropPreprocessor) b))
        {
            var binding = new BatchBinding(_model, 1, [new TensorSignature("input", TensorElementType.Int32, [1, h, w, 3])], Signature.Outputs);
            try
            {
                b = (binding, CropPreprocessors.Create(_preprocess, new TensorSpec(w, h, TensorLayout.Nhwc, ChannelOrder.Rgb, [0, 0, 0], [1, 1, 1], 0)));
            }
            catch
            {
                binding.Dispose();
                throw;
            }
            _bindings.Add((w, h), b);
        }
        return b;
    }

    public void Dispose()
    {
        foreach ((BatchBinding binding, ICropPreprocessor crops) in _bindings.Values)
        {
            crops.Dispose();
            binding.Dispose();
        }
        _model.Dispose();
    }
}
