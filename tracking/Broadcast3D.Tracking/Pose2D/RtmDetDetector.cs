using Broadcast3D.Core.Frames;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Preprocessing;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Broadcast3D.Tracking.Pose2D;

/// <summary>
/// RTMDet (mmdeploy end2end export, NMS inside the graph): keep-ratio resize into 320×320, pad right/bottom with
/// 114, BGR normalised with the mmdet mean/std; outputs up to 100 rows (mmdeploy keep_top_k; the graph decides how
/// many) of x1,y1,x2,y2,score in network pixels + label.
/// The input's batch is declared dynamic but the NMS in the graph only works at batch 1 (deploy.json says
/// batch_size 1; batch 4 fails inside ORT with a broadcast error), so frames run one by one. Not thread-safe.
/// </summary>
public sealed class RtmDetDetector : IPersonDetector
{
    /// <summary>Network input side.</summary>
    public const int InputSize = 320;


    /// <summary>What the adapter needs from the file.</summary>
    public static ModelSignature Signature { get; } = new("rtmdet",
        [new TensorSignature("input", TensorElementType.Float, [-1, 3, -1, -1])],
        [new TensorSignature("dets", TensorElementType.Float, [-1, -1, 5]), new TensorSignature("labels", TensorElementType.Int64, [-1, -1])]);

    /// <summary>mmdet's BGR mean/std on 0–255 samples (pipeline.json).</summary>
    public static TensorSpec InputSpec { get; } = new(InputSize, InputSize, TensorLayout.Nchw, ChannelOrder.Bgr,
        [103.53f, 116.28f, 123.675f], [57.375f, 57.12f, 58.395f], 114);

    private readonly OnnxModel _model;
    private readonly BatchBinding _binding;
    private readonly (double Sx, double Sy)[] _scales;
    private readonly ICropPreprocessor _crops;

    /// <summary>Opens the model and its input stage (<see cref="InferenceOptions.Preprocess"/>).</summary>
    public RtmDetDetector(string path, InferenceOptions options, float scoreThreshold = 0.3f)
    {
        _model = new OnnxModel(path, Signature, options);
        ScoreThreshold = scoreThreshold;
        try
        {
            _binding = new BatchBinding(_model, 1,
                [new TensorSignature("input", TensorElementType.Float, [-1, 3, InputSize, InputSize])],
                Signature.Outputs);
            _crops = CropPreprocessors.Create(options.Preprocess, InputSpec);
        }
        catch
        {
            _binding?.Dispose();
            _model.Dispose();
            throw;
        }
        _scales = new (double, double)[_binding.Capacity];
    }

    /// <summary>Boxes scoring at or below this are dropped (the export keeps everything above 0.05).</summary>
    public float ScoreThreshold { get; }

    public string Description => $"rtmdet ({_model.Path}; {_model.Provider}; crops: {_crops.Name})";

    /// <summary>The pooled binding (benchmarks compare it with a bare session run).</summary>
    public BatchBinding Binding => _binding;

    /// <summary>The session owner.</summary>
    public OnnxModel Model => _model;

    /// <summary>
    /// The tensor → image map of mmcv's keep-ratio resize: the resized size is rounded to whole pixels, so x and y
    /// scales differ slightly (181/1088 vs 320/1920), and boxes are divided by the same two factors.
    /// </summary>
    public static (Affine2D Map, double ScaleX, double ScaleY) Resize(int width, int height)
    {
        double r = Math.Min((double)InputSize / width, (double)InputSize / height);
        double sx = Math.Floor(width * r + 0.5) / width, sy = Math.Floor(height * r + 0.5) / height;
        return (new Affine2D(1 / sx, 0, 0.5 / sx - 0.5, 0, 1 / sy, 0.5 / sy - 0.5), sx, sy);
    }

    /// <summary>Fills input slot <paramref name="slot"/> from <paramref name="frame"/> and remembers its scales.</summary>
    public void Prepare(int slot, in ImagePlanes frame)
    {
        (Affine2D map, double sx, double sy) = Resize(frame.Width, frame.Height);
        _scales[slot] = (sx, sy);
        _crops.Load(frame);
        _crops.Crop(map, _binding.InputItem<float>(0, slot));
    }

    public void Detect(ReadOnlySpan<ImagePlanes> frames, ReadOnlySpan<List<PersonBox>> boxes)
    {
        if (boxes.Length < frames.Length)
            throw new ArgumentException($"{frames.Length} frames but {boxes.Length} result lists", nameof(boxes));
        for (int start = 0; start < frames.Length; start += _binding.Capacity)
        {
            int n = Math.Min(_binding.Capacity, frames.Length - start);
            for (int i = 0; i < n; i++)
                Prepare(i, frames[start + i]);
            _binding.Run(n);
            for (int i = 0; i < n; i++)
                Decode(i, frames[start + i], boxes[start + i]);
        }
    }

    /// <summary>Turns slot <paramref name="slot"/>'s outputs into person boxes in image pixels.</summary>
    public void Decode(int slot, in ImagePlanes frame, List<PersonBox> result)
    {
        result.Clear();
        ReadOnlySpan<float> dets = _binding.OutputItem<float>(0, slot);
        ReadOnlySpan<long> labels = _binding.OutputItem<long>(1, slot);
        (double sx, double sy) = _scales[slot];
        for (int k = 0; k < labels.Length; k++)
        {
            float score = dets[k * 5 + 4];
            if (labels[k] != 0 || !(score > ScoreThreshold))
                continue;
            var box = new PersonBox((float)(dets[k * 5] / sx), (float)(dets[k * 5 + 1] / sy), (float)(dets[k * 5 + 2] / sx),
                (float)(dets[k * 5 + 3] / sy), score).ClipTo(frame.Width, frame.Height);
            if (box.Width >= 2 && box.Height >= 2)
                result.Add(box);
        }
        BoxOps.SortByScore(result);
    }

    public void Dispose()
    {
        _crops.Dispose();
        _binding.Dispose();
        _model.Dispose();
    }
}
