using Broadcast3D.Core.Time;
using Broadcast3D.Media;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// A programme camera picture as decoded (BGRA, camera size; the GPU scales it to the programme size) with the capture
/// time it shows and when it was ingested. Slots are created once and reused
/// (<see cref="Broadcast3D.Core.Threading.FrameQueue{T}"/>); the pixel buffer is reallocated only when the camera's size
/// changes (a reconnect). Not thread-safe: one owner at a time.
/// </summary>
public sealed class ProgramPicture
{
    /// <summary>Width, pixels (0 until the first frame).</summary>
    public int Width { get; private set; }

    /// <summary>Height, pixels.</summary>
    public int Height { get; private set; }

    /// <summary>BGRA bytes, 4·<see cref="Width"/> per row, top row first.</summary>
    public byte[] Pixels { get; private set; } = [];

    /// <summary>Capture time of the frame shown, seconds on the sync time line.</summary>
    public Rational Time { get; set; }

    /// <summary>Stopwatch ticks when the frame set left the sync stage.</summary>
    public long IngestTimestamp { get; set; }

    /// <summary>False while no camera frame has been shown (black).</summary>
    public bool HasFrame { get; set; }

    /// <summary>Copies <paramref name="frame"/> (packed BGRA) into this slot, resizing on a size change.</summary>
    public void CopyFrom(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width != Width || frame.Height != Height)
        {
            // First frame or a reconnect at another size: rare, so allocating here is fine.
            Width = frame.Width;
            Height = frame.Height;
            Pixels = new byte[Width * Height * 4];
        }
        ReadOnlySpan<byte> src = frame.Plane(0);
        int stride = frame.Stride(0), row = Width * 4;
        if (stride == row)
        {
            src[..(row * Height)].CopyTo(Pixels);
            return;
        }
        for (int y = 0; y < Height; y++)
            src.Slice(y * stride, row).CopyTo(Pixels.AsSpan(y * row, row));
    }
}
