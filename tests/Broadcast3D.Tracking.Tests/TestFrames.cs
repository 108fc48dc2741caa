using Broadcast3D.Core.Frames;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Tracking.Tests;

/// <summary>Frames and models shared by the pose tests, decoded/opened once per test run.</summary>
internal static class TestFrames
{
    private static readonly Lazy<ImagePlanes> Cam1Frame10 = new(() => VideoFrames.Read(VideoFrames.Balancing(1), 10)[0]);
    private static readonly Lazy<ImagePlanes> Cam3Frame10 = new(() => VideoFrames.Read(VideoFrames.Balancing(3), 10)[0]);
    private static readonly Lazy<ImagePlanes> Cam1Frame10Rgba = new(() => VideoFrames.ReadRgba(VideoFrames.Balancing(1), 10)[0]);
    private static readonly Lazy<ImagePlanes> Cam3Frame10Rgba = new(() => VideoFrames.ReadRgba(VideoFrames.Balancing(3), 10)[0]);

    /// <summary>CPU, two threads: what the 2-core CI machine has.</summary>
    public static InferenceOptions Cpu { get; } = new(ExecutionProvider.Cpu, IntraOpThreads: 2);

    /// <summary>Camera 1, frame 10, yuv420p as decoded: the athlete and a second person at the left edge.</summary>
    public static ImagePlanes Cam1 => Cam1Frame10.Value;

    /// <summary>Camera 3, frame 10 (1088 px wide), yuv420p as decoded: the athlete alone.</summary>
    public static ImagePlanes Cam3 => Cam3Frame10.Value;

    /// <summary><see cref="Cam1"/> converted to RGBA by swscale.</summary>
    public static ImagePlanes Cam1Rgba => Cam1Frame10Rgba.Value;

    /// <summary><see cref="Cam3"/> converted to RGBA by swscale.</summary>
    public static ImagePlanes Cam3Rgba => Cam3Frame10Rgba.Value;

    /// <summary>A black limited-range yuv420p picture (Y 16, Cb = Cr 128), as a camera gives it.</summary>
    public static ImagePlanes Black(int width, int height)
    {
        int cw = (width + 1) / 2, ch = (height + 1) / 2;
        byte[] luma = new byte[width * height], chroma = new byte[cw * ch];
        Array.Fill(luma, (byte)16);
        Array.Fill(chroma, (byte)128);
        return new ImagePlanes(PixelLayout.Yuv420P, width, height, luma, width, chroma, cw, chroma, cw);
    }

    public static string RtmDet => SharedAssets.Model("rtmdet-nano/end2end.onnx");

    public static string BlazePoseFull => SharedAssets.Model("blazepose_landmark_full.onnx");

    public static string BlazePoseLite => SharedAssets.Model("blazepose_landmark_lite.onnx");

    /// <summary>A copy of the RGBA <paramref name="frame"/> rotated 90° clockwise (pixel (x, y) → (H−1−y, x)).</summary>
    public static ImagePlanes RotateClockwise(in ImagePlanes frame)
    {
        int w = frame.Width, h = frame.Height;
        var dst = new byte[w * h * 4];
        ReadOnlySpan<byte> src = frame.Plane0.Span;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
                src.Slice(y * frame.Stride0 + x * 4, 4).CopyTo(dst.AsSpan(((x * h) + (h - 1 - y)) * 4, 4));
        }
        return ImagePlanes.Rgba(dst, h, w);
    }

    /// <summary>Bilinear sample of channel <paramref name="c"/> of an RGBA picture at (x, y), pixel centres at integers, outside = <paramref name="pad"/>.</summary>
    public static double Sample(in ImagePlanes f, double x, double y, int c, double pad)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        double fx = x - x0, fy = y - y0, acc = 0;
        ReadOnlySpan<byte> px = f.Plane0.Span;
        for (int j = 0; j < 2; j++)
        {
            for (int i = 0; i < 2; i++)
            {
                double wgt = (i == 0 ? 1 - fx : fx) * (j == 0 ? 1 - fy : fy);
                int xx = x0 + i, yy = y0 + j;
                acc += wgt * (xx < 0 || yy < 0 || xx >= f.Width || yy >= f.Height ? pad : px[yy * f.Stride0 + xx * 4 + c]);
            }
        }
        return acc;
    }
}
