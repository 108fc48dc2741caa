using Broadcast3D.Core.Time;
using Broadcast3D.Media;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Engine.Pipeline;

/// <summary>
/// Reads one camera's video in order into a reused, tightly packed RGBA buffer (offline: every frame, never
/// dropped). Thin glue over <see cref="Decoder"/> until the media branch's ingest readers replace it. Not thread-safe.
/// </summary>
public sealed class CameraVideoReader : IDisposable
{
    private readonly Decoder _decoder;
    private readonly byte[] _pixels;

    /// <summary>Opens <paramref name="path"/>; throws <see cref="MediaException"/> naming it when it cannot be decoded.</summary>
    public CameraVideoReader(string path)
    {
        _decoder = Decoder.Open(path, new DecoderOptions { Output = FrameOutput.Rgba, Hardware = HardwareDecode.Software });
        Width = _decoder.Stream.Width;
        Height = _decoder.Stream.Height;
        _pixels = new byte[Width * Height * 4];
        Frame = new RgbaFrame(_pixels, Width, Height);
    }

    /// <summary>Picture width, pixels.</summary>
    public int Width { get; }

    /// <summary>Picture height, pixels.</summary>
    public int Height { get; }

    /// <summary>The stream's declared properties (frame rate, frame count).</summary>
    public VideoStreamInfo Stream => _decoder.Stream;

    /// <summary>The last frame read (valid until the next <see cref="TryRead"/>).</summary>
    public RgbaFrame Frame { get; }

    /// <summary>RGBA bytes of the last frame (tightly packed, 4·<see cref="Width"/> per row).</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>Presentation time of the last frame, seconds from the stream start.</summary>
    public Rational Time { get; private set; }

    /// <summary>Reads the next frame; false at the end of the video.</summary>
    public bool TryRead()
    {
        if (!_decoder.TryRead(out VideoFrame? frame))
            return false;
        using (frame)
        {
            if (frame.Width != Width || frame.Height != Height)
                throw new MediaException($"{_decoder.Source}: frame size changed from {Width}×{Height} to {frame.Width}×{frame.Height}");
            int stride = frame.Stride(0), row = Width * 4;
            ReadOnlySpan<byte> plane = frame.Plane(0);
            for (int y = 0; y < Height; y++)
                plane.Slice(y * stride, row).CopyTo(_pixels.AsSpan(y * row, row));
            Time = frame.Time;
        }
        return true;
    }

    public void Dispose() => _decoder.Dispose();
}
