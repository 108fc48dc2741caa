using Broadcast3D.Core.Time;
using Broadcast3D.Ndi.Interop;

namespace Broadcast3D.Ndi;

/// <summary>
/// A decoded frame lent by the runtime. <see cref="Pixels"/> points into the runtime's memory and is valid until
/// <see cref="Dispose"/>, which hands it back; dispose every frame promptly (the runtime queues only a few).
/// Not thread-safe; dispose before the receiver.
/// </summary>
public sealed unsafe class NdiReceivedVideoFrame : IDisposable
{
    private readonly NdiReceiver _receiver;
    private NdiVideoFrameV2 _frame;

    internal NdiReceivedVideoFrame(NdiReceiver receiver, in NdiVideoFrameV2 frame, NdiPixelFormat format)
    {
        _receiver = receiver;
        _frame = frame;
        Layout = new NdiVideoLayout(frame.Xres, frame.Yres, format);
    }

    /// <summary>Size and pixel format; rows are packed as <see cref="NdiVideoLayout"/> describes.</summary>
    public NdiVideoLayout Layout { get; }

    /// <summary>Bytes from one row to the next as the runtime delivered them (equals the layout's stride in practice).</summary>
    public int StrideBytes => _frame.LineStrideInBytes;

    /// <summary>The frame rate the sender wrote into the frame.</summary>
    public FrameRate FrameRate => new(_frame.FrameRateN, _frame.FrameRateD);

    /// <summary>The sender's timecode in 100 ns units (for Broadcast3D senders see <see cref="NdiTimecode"/>).</summary>
    public long Timecode => _frame.Timecode;

    /// <summary>When the sender sent the frame, in 100 ns units since the Unix epoch; null when the sender is too old to say.</summary>
    public long? Timestamp => _frame.Timestamp == NdiConstants.TimestampUndefined ? null : _frame.Timestamp;

    /// <summary>The pixels: <see cref="NdiVideoLayout.SizeBytes"/> bytes (UYVA includes its alpha plane).</summary>
    public ReadOnlySpan<byte> Pixels
    {
        get
        {
            ObjectDisposedException.ThrowIf(_frame.Data == null, this);
            int size = _frame.LineStrideInBytes * Layout.Height + (Layout.PixelFormat == NdiPixelFormat.Uyva ? Layout.Width * Layout.Height : 0);
            return new ReadOnlySpan<byte>(_frame.Data, size);
        }
    }

    /// <summary>Returns the memory to the runtime. Idempotent.</summary>
    public void Dispose()
    {
        if (_frame.Data == null)
            return;
        _receiver.Free(ref _frame);
        _frame.Data = null;
    }
}
