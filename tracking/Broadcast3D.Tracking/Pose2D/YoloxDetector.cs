using Broadcast3D.Core.Frames;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Preprocessing;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Broadcast3D.Tracking.Pose2D;

/// <summary>
/// YOLOX (COCO-80, class 0 = person), 416×416 BGR raw 0–255 letterboxed top-left with 114; the 3549 anchor rows
/// (strides 8, 16, 32) are decoded here and reduced by NMS. Batch 1 (fixed by the export): frames run one by one.
/// Not thread-safe.
/// </summary>
public sealed class YoloxDetector : IPersonDetector
{
    /// <summary>Network input side.</summary>
    public const int InputSize = 416;

    private const int Values = 85; // cx, cy, w, h, objectness, 80 class scores
    private static readonly int[] Strides = [8, 16, 32];

    /// <summary>What the adapter needs from the file.</summary>
    public static ModelSignature Signature { get; } = new("yolox",
        [new TensorSignature("images", TensorElementType.Float, [1, 3, InputSize, InputSize])],
        [new TensorSignature("output", TensorElementType.Float, [1, 3549, Values])]);

    /// <summary>Raw BGR samples, no normalisation.</summary>
    public static TensorSpec InputSpec { get; } = new(InputSize, InputSize, TensorLayout.Nchw, ChannelOrder.Bgr, [0, 0, 0], [1, 1, 1], 114);

    private readonly OnnxModel _model;
    private readonly BatchBinding _binding;
    private readonly ICropPreprocessor _crops;

    /// <summary>Opens the model and its input stage (<see cref="InferenceOptions.Preprocess"/>).</summary>
    public YoloxDetector(string path, InferenceOptions options, float scoreThreshold = 0.3f, float nmsIoU = 0.45f)
    {
        _model = new OnnxModel(path, Signature, options);
        try
        {
            _binding = new BatchBinding(_model, 1, Signature.Inputs, Signature.Outputs);
            _crops = CropPreprocessors.Create(options.Preprocess, InputSpec);
        }
        catch
        {
            _binding?.Dispose();
            _model.Dispose();
            throw;
        }
        ScoreThreshold = scoreThreshold;
        NmsIoU = nmsIoU;
    }

    /// <summary>objectness × person score must exceed this.</summary>
    public float ScoreThreshold { get; }

    /// <summary>Overlap above which the weaker of two boxes is suppressed.</summary>
    public float NmsIoU { get; }

    public string Description => $"yolox ({_model.Path}; {_model.Provider}; crops: {_crops.Name})";

    public void Detect(ReadOnlySpan<ImagePlanes> frames, ReadOnlySpan<List<PersonBox>> boxes)
    {
        if (boxes.Length < frames.Length)
            throw new ArgumentException($"{frames.Length} frames but {boxes.Length} result lists", nameof(boxes));
        for (int i = 0; i < frames.Length; i++)
        {
            ImagePlanes f = frames[i];
            double r = Math.Min((double)InputSize / f.Width, (double)InputSize / f.Height);
            _crops.Load(f);
            _crops.Crop(Affine2D.Letterbox(r), _binding.InputItem<float>(0, 0));
            _binding.Run(1);
            Decode(_binding.OutputItem<float>(0, 0), r, f.Width, f.Height, ScoreThreshold, boxes[i]);
            BoxOps.Suppress(boxes[i], NmsIoU, int.MaxValue);
        }
    }

    /// <summary>Anchor rows → person boxes in image pixels (before NMS), for a letterbox of scale <paramref name="scale"/>.</summary>
    public static void Decode(ReadOnlySpan<float> output, double scale, int width, int height, float threshold, List<PersonBox> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        result.Clear();
        int row = 0;
        foreach (int s in Strides)
        {
            int grid = InputSize / s;
            for (int gy = 0; gy < grid; gy++)
            {
                for (int gx = 0; gx < grid; gx++, row++)
                {
                    ReadOnlySpan<float> p = output.Slice(row * Values, Values);
                    float score = p[4] * p[5];
                    if (!(score > threshold))
                        continue;
                    double cx = (p[0] + gx) * s, cy = (p[1] + gy) * s, w = Math.Exp(p[2]) * s, h = Math.Exp(p[3]) * s;
                    var box = new PersonBox((float)((cx - w / 2) / scale), (float)((cy - h / 2) / scale),
                        (float)((cx + w / 2) / scale), (float)((cy + h / 2) / scale), score).ClipTo(width, height);
                    if (box.Width >= 2 && box.Height >= 2)
                        result.Add(box);
                }
            }
        }
    }

    public void Dispose()
    {
        _crops.Dispose();
        _binding.Dispose();
        _model.Dispose();
    }
}
