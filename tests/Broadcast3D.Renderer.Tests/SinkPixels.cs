using Broadcast3D.Core.Frames;

namespace Broadcast3D.Renderer.Tests;

/// <summary>
/// Test pictures and the plain C# reference of the GPU sink conversions (shaders/to_*.comp): the same equations
/// in double precision, so the GPU may differ by float rounding only (≤ 1 code value).
/// </summary>
internal static class SinkPixels
{
    private const double Kr = 0.2126, Kb = 0.0722, Kg = 1 - Kr - Kb;

    /// <summary>
    /// A premultiplied RGBA pattern: smooth gradients, hard-edged colour blocks, and (when
    /// <paramref name="withAlpha"/>) an alpha ramp with colour never above alpha.
    /// </summary>
    public static byte[] Pattern(int width, int height, bool withAlpha, int seed = 1)
    {
        var random = new Random(seed);
        byte[] rgba = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int p = ((y * width) + x) * 4;
                bool block = ((x / 16) + (y / 16)) % 3 == 0;
                byte r = block ? (byte)(40 + (x / 16 * 53 % 200)) : (byte)(x * 255 / (width - 1));
                byte g = block ? (byte)(200 - (y / 16 * 37 % 180)) : (byte)(y * 255 / (height - 1));
                byte b = block ? (byte)random.Next(256) : (byte)((x + y) * 255 / (width + height - 2));
                byte a = withAlpha ? (byte)(x * 255 / (width - 1)) : (byte)255;
                rgba[p] = (byte)(r * a / 255);
                rgba[p + 1] = (byte)(g * a / 255);
                rgba[p + 2] = (byte)(b * a / 255);
                rgba[p + 3] = a;
            }
        }
        return rgba;
    }

    /// <summary>The reference conversion of premultiplied <paramref name="rgba"/> into a packed <paramref name="layout"/> picture.</summary>
    public static byte[] Convert(ReadOnlySpan<byte> rgba, int width, int height, PixelLayout layout)
    {
        switch (layout)
        {
            case PixelLayout.Yuv420P:
            {
                byte[] o = new byte[width * height * 3 / 2];
                int cbAt = width * height, crAt = cbAt + (width * height / 4);
                for (int y = 0; y < height; y++)
                {
                    for (int x = 0; x < width; x++)
                        o[(y * width) + x] = Luma(rgba, ((y * width) + x) * 4);
                }
                for (int cy = 0; cy < height / 2; cy++)
                {
                    for (int cx = 0; cx < width / 2; cx++)
                    {
                        (double r, double g, double b) = Average(rgba, width, 2 * cx, 2 * cy, 2, 2);
                        (o[cbAt + (cy * width / 2) + cx], o[crAt + (cy * width / 2) + cx]) = Chroma(r, g, b);
                    }
                }
                return o;
            }
            case PixelLayout.Uyvy:
            {
                byte[] o = new byte[width * height * 2];
                for (int y = 0; y < height; y++)
                {
                    for (int px = 0; px < width / 2; px++)
                    {
                        int at = (y * width * 2) + (px * 4);
                        (double r, double g, double b) = Average(rgba, width, 2 * px, y, 2, 1);
                        (o[at], o[at + 2]) = Chroma(r, g, b);
                        o[at + 1] = Luma(rgba, ((y * width) + (2 * px)) * 4);
                        o[at + 3] = Luma(rgba, ((y * width) + (2 * px) + 1) * 4);
                    }
                }
                return o;
            }
            case PixelLayout.Rgba8:
            {
                byte[] o = new byte[width * height * 4];
                for (int i = 0; i < o.Length; i += 4)
                {
                    int a = rgba[i + 3];
                    for (int c = 0; c < 3; c++)
                        o[i + c] = a == 0 ? (byte)0 : (byte)Math.Min(255, Math.Round(rgba[i + c] * 255.0 / a, MidpointRounding.AwayFromZero));
                    o[i + 3] = (byte)a;
                }
                return o;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(layout), layout, "not a sink layout");
        }
    }

    /// <summary>Largest absolute difference of two equally long byte arrays, and how many bytes were compared.</summary>
    public static (int Worst, int Compared) MaxDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Assert.That(a.Length, Is.EqualTo(b.Length), "both pictures have the same size");
        int worst = 0;
        for (int i = 0; i < a.Length; i++)
            worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        return (worst, a.Length);
    }

    private static byte Luma(ReadOnlySpan<byte> rgba, int p) =>
        ToByte(16 + (219 * ((Kr * rgba[p]) + (Kg * rgba[p + 1]) + (Kb * rgba[p + 2])) / 255));

    private static (byte Cb, byte Cr) Chroma(double r, double g, double b)
    {
        double y = (Kr * r) + (Kg * g) + (Kb * b);
        return (ToByte(128 + (224 * (b - y) / (2 * (1 - Kb)))), ToByte(128 + (224 * (r - y) / (2 * (1 - Kr)))));
    }

    private static (double R, double G, double B) Average(ReadOnlySpan<byte> rgba, int width, int x0, int y0, int w, int h)
    {
        double r = 0, g = 0, b = 0;
        for (int y = y0; y < y0 + h; y++)
        {
            for (int x = x0; x < x0 + w; x++)
            {
                int p = ((y * width) + x) * 4;
                r += rgba[p];
                g += rgba[p + 1];
                b += rgba[p + 2];
            }
        }
        double n = w * h * 255.0;
        return (r / n, g / n, b / n);
    }

    private static byte ToByte(double v) => (byte)Math.Clamp(Math.Floor(v + 0.5), 0, 255);
}
