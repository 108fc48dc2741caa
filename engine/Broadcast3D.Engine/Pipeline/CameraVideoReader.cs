using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Time;
using Broadcast3D.Media;

namespace Broadcast3D.Engine.Pipeline;

/// <summary>
/// Reads one camera's video in order (offline: every frame, never dropped) and holds the last decoded frame in the
/// codec's own planes (no conversion, no copy) for tracking. Thin glue over <see cref="Decoder"/> until the one
/// pipeline's readers replace it. Not thread-safe.
/// </summary>
public sealed class CameraVideoReader : IDisposable
{
    private readonly Decoder _decoder;
    private VideoFrame? _current;

    /// <summary>Opens <paramref name="path"/>; throws <see cref="MediaException"/> naming it when it cannot be decoded.</summary>
    public CameraVideoReader(string path)
    {
        _decoder = Decoder.Open(path, new DecoderOptions { Output = FrameOutput.Native, Hardware = HardwareDecode.Software });
        Width = _decoder.Stream.Width;
        Height = _decoder.Stream.Height;
    }

    /// <summary>Picture width, pixels.</summary>
    public int Width { get; }

    /// <summary>Picture height, pixels.</summary>
    public int Height { get; }

    /// <summary>The stream's declared properties (frame rate, frame count).</summary>
    public VideoStreamInfo Stream => _decoder.Stream;

    /// <summary>
    /// The planes of the last frame read, as decoded; valid until the next <see cref="TryRead"/> or <see cref="Dispose"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No frame read yet.</exception>
    /// <exception cref="MediaException">A pixel format tracking cannot sample (names the video and the format).</exception>
    public ImagePlanes Frame
    {
        get
        {
            if (_current is null)
                throw new InvalidOperationException($"{_decoder.Source}: read a frame (TryRead) before taking its planes");
            try
            {
                return _current.AsPlanes();
            }
            catch (MediaException e)
            {
                throw new MediaException($"{_decoder.Source}: {e.Message}", e);
            }
        }
    }

    /// <summary>Presentation time of the last frame, seconds from the stream start.</summary>
    public Rational Time { get; private set; }

    /// <summary>Reads the next frame (releasing the previous one); false at the end of the video.</summary>
    public bool TryRead()
    {
        _current?.Dispose();
        _current = null;
        if (!_decoder.TryRead(out VideoFrame? frame))
            return false;
        if (frame.Width != Width || frame.Height != Height)
        {
            frame.Dispose();
            throw new MediaException($"{_decoder.Source}: frame size changed from {Width}×{Height} to {frame.Width}×{frame.Height}");
        }
        _current = frame;
        Time = frame.Time;
        return true;
    }

    public void Dispose()
    {
        _current?.Dispose();
        _current = null;
        _decoder.Dispose();
    }
}
