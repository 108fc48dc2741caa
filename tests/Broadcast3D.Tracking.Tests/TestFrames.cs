using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Tracking.Tests;

/// <summary>Frames and models shared by the pose tests, decoded/opened once per test run.</summary>
internal static class TestFrames
{
    private static readonly Lazy<RgbaFrame> Cam1Frame10 = new(() => VideoFrames.Read(VideoFrames.Balancing(1), 10)[0]);
    private static readonly Lazy<RgbaFrame> Cam3Frame10 = new(() => VideoFrames.Read(VideoFrames.Balancing(3), 10)[0]);

    /// <summary>CPU, two threads: what the 2-core CI machine has.</summary>
    public static InferenceOptions Cpu { get; } = new(ExecutionProvider.Cpu, IntraOpThreads: 2);

    /// <summary>Camera 1, frame 10: the athlete and a second person at the left edge.</summary>
    public static RgbaFrame Cam1 => Cam1Frame10.Value;

    /// <summary>Camera 3, frame 10 (1088 px wide): the athlete alone.</summary>
    public static RgbaFrame Cam3 => Cam3Frame10.Value;

    public static string RtmDet => SharedAssets.Model("rtmdet-nano/end2end.onnx");

    public static string BlazePoseFull => SharedAssets.Model("blazepose_landmark_full.onnx");

    public static string BlazePoseLite => SharedAssets.Model("blazepose_landmark_lite.onnx");

    /// <summary>A copy of <paramref name="frame"/> rotated 90° clockwise (pixel (x, y) → (H−1−y, x)).</summary>
    public static RgbaFrame RotateClockwise(in RgbaFrame frame)
    {
        int w = frame.Width, h = frame.Height;
        var dst = new byte[w * h * 4];
        ReadOnlySpan<byte> src = frame.Pixels.Span;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
                src.Slice(y * frame.StrideBytes + x * 4, 4).CopyTo(dst.AsSpan(((x * h) + (h - 1 - y)) * 4, 4));
        }
        return new RgbaFrame(dst, h, w);
    }

    /// <summary>Bilinear sample of channel <paramref name="c"/> at (x, y), pixel centres at integers, outside = <paramref name="pad"/>.</summary>
    public static double Sample(in RgbaFrame f, double x, double y, int c, double pad)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        double fx = x - x0, fy = y - y0, acc = 0;
        ReadOnlySpan<byte> px = f.Pixels.Span;
        for (int j = 0; j < 2; j++)
        {
            for (int i = 0; i < 2; i++)
            {
                double wgt = (i == 0 ? 1 - fx : fx) * (j == 0 ? 1 - fy : fy);
                int xx = x0 + i, yy = y0 + j;
                acc += wgt * (xx < 0 || yy < 0 || xx >= f.Width || yy >= f.Height ? pad : px[yy * f.StrideBytes + xx * 4 + c]);
            }
        }
        return acc;
    }
}
