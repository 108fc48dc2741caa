using Broadcast3D.Media;

namespace Broadcast3D.Engine.Live;

/// <summary>CPU picture copies of the live path (scale to programme size; BGRA → RGBA for the pose models). Allocation-free.</summary>
public static class PictureOps
{
    /// <summary>
    /// Nearest-neighbour scales a BGRA <paramref name="frame"/> into <paramref name="destination"/> (packed BGRA,
    /// <paramref name="width"/> × <paramref name="height"/>). Stand-in for the GPU compositor's video plate.
    /// </summary>
    public static void ScaleBgra(VideoFrame frame, Span<byte> destination, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ReadOnlySpan<byte> src = frame.Plane(0);
        int stride = frame.Stride(0), sw = frame.Width, sh = frame.Height;
        Span<uint> dst = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(destination);
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<uint> row = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(src.Slice((int)((long)y * sh / height) * stride, sw * 4));
            Span<uint> outRow = dst.Slice(y * width, width);
            for (int x = 0; x < width; x++)
                outRow[x] = row[(int)((long)x * sw / width)];
        }
    }

    /// <summary>Copies a BGRA <paramref name="frame"/> into packed RGBA <paramref name="destination"/> (same size).</summary>
    public static void BgraToRgba(VideoFrame frame, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ReadOnlySpan<byte> src = frame.Plane(0);
        int stride = frame.Stride(0), w = frame.Width;
        for (int y = 0; y < frame.Height; y++)
        {
            ReadOnlySpan<byte> row = src.Slice(y * stride, w * 4);
            Span<byte> outRow = destination.Slice(y * w * 4, w * 4);
            for (int i = 0; i < row.Length; i += 4)
            {
                outRow[i] = row[i + 2];
                outRow[i + 1] = row[i + 1];
                outRow[i + 2] = row[i];
                outRow[i + 3] = 255;
            }
        }
    }
}
