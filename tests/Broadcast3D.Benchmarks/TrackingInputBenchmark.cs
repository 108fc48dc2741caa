using BenchmarkDotNet.Attributes;
using Broadcast3D.Core.Assets;
using Broadcast3D.Core.Frames;
using Broadcast3D.Media;
using Broadcast3D.Media.Interop;
using Broadcast3D.Tracking.Pose2D;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// The tracking input of one frame set at 4 cameras (frame 10 of the Balancing videos, 1080/1088 × 1920 yuv420p):
/// per camera the RTMDet-nano letterbox (320², NCHW BGR) and one BlazePose crop (256², NHWC, rotated) around the athlete.
/// Baseline: the old path — swscale yuv420p → BGRA (the live readers' fast bilinear conversion), the worker's
/// BGRA → RGBA swizzle into its own buffer, then the crops from RGBA. Against it: the crops sampled straight from
/// the decoded planes. One thread, CPU; the decode itself is the same on both paths and left out.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortRunConfig))]
[IterationCount(15)] // the short run's 3 iterations leave ±30 % on a shared 2-core machine
public unsafe class TrackingInputBenchmark
{
    private const int Cameras = 4;
    private readonly List<Decoder> _decoders = [];
    private readonly VideoFrame[] _frames = new VideoFrame[Cameras];
    private readonly ImagePlanes[] _planes = new ImagePlanes[Cameras];
    private readonly FrameHandle[] _bgra = new FrameHandle[Cameras];
    private readonly byte[][] _rgba = new byte[Cameras][];
    private readonly float[] _detector = new float[RtmDetDetector.InputSpec.ElementsPerImage];
    private readonly float[] _pose = new float[BlazePoseEstimator.InputSpec.ElementsPerImage];
    private PixelConverter _converter = null!;

    [GlobalSetup]
    public void Setup()
    {
        string videos = AssetLocator.RequireData("pose2sim-demo/S00_P00_SingleParticipant/S00_P00_T01_BalancingTrial/videos");
        _converter = new PixelConverter(accurate: false);
        for (int c = 0; c < Cameras; c++)
        {
            Decoder decoder = Decoder.Open(Path.Combine(videos, $"cam{c + 1:00}.mp4"), new DecoderOptions { Output = FrameOutput.Native, Hardware = HardwareDecode.Software });
            _decoders.Add(decoder);
            VideoFrame? frame = null;
            for (int i = 0; i <= 10; i++)
            {
                frame?.Dispose();
                if (!decoder.TryRead(out frame))
                    throw new InvalidDataException($"camera {c + 1} ended before frame 10");
            }
            _frames[c] = frame!;
            _planes[c] = frame!.AsPlanes();
            _bgra[c] = FrameHandle.Alloc();
            PixelConverter.EnsureBuffer(_bgra[c].Pointer, FFmpegConstants.AV_PIX_FMT_BGRA, frame.Width, frame.Height);
            _rgba[c] = new byte[frame.Width * frame.Height * 4];
        }
        SwscaleSwizzleRgba(); // the RGBA pictures RgbaSamplingOnly samples
    }

    [Benchmark(Baseline = true, Description = "swscale → BGRA, swizzle → RGBA, crops from RGBA (old)")]
    public void SwscaleSwizzleRgba()
    {
        for (int c = 0; c < Cameras; c++)
        {
            VideoFrame frame = _frames[c];
            AVFrame* bgra = _bgra[c].Pointer;
            _converter.Convert(frame.Native, bgra);
            int w = frame.Width, h = frame.Height, stride = bgra->Linesize[0];
            var src = new ReadOnlySpan<byte>((void*)bgra->Data[0], stride * h);
            Span<byte> dst = _rgba[c];
            for (int y = 0; y < h; y++)
            {
                ReadOnlySpan<byte> row = src.Slice(y * stride, w * 4);
                Span<byte> outRow = dst.Slice(y * w * 4, w * 4);
                for (int i = 0; i < row.Length; i += 4)
                {
                    outRow[i] = row[i + 2];
                    outRow[i + 1] = row[i + 1];
                    outRow[i + 2] = row[i];
                    outRow[i + 3] = 255;
                }
            }
            Crops(ImagePlanes.Rgba(_rgba[c], w, h));
        }
    }

    [Benchmark(Description = "crops from an RGBA picture already converted (sampling alone)")]
    public void RgbaSamplingOnly()
    {
        for (int c = 0; c < Cameras; c++)
            Crops(ImagePlanes.Rgba(_rgba[c], _frames[c].Width, _frames[c].Height));
    }

    [Benchmark(Description = "crops from the yuv420p planes (new)")]
    public void Planes()
    {
        for (int c = 0; c < Cameras; c++)
            Crops(_planes[c]);
    }

    private void Crops(in ImagePlanes image)
    {
        double r = Math.Min((double)RtmDetDetector.InputSize / image.Width, (double)RtmDetDetector.InputSize / image.Height);
        ImagePreprocessor.CropToTensor(image, Affine2D.Letterbox(r), RtmDetDetector.InputSpec, _detector);
        ImagePreprocessor.CropToTensor(image, new PoseRegion(540, 900, 1000, 0.1).ToAffine(BlazePoseEstimator.InputSize), BlazePoseEstimator.InputSpec, _pose);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (VideoFrame frame in _frames)
            frame.Dispose();
        foreach (FrameHandle handle in _bgra)
            handle.Dispose();
        foreach (Decoder decoder in _decoders)
            decoder.Dispose();
        _converter.Dispose();
    }
}
