using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Time;
using Broadcast3D.Ndi.Interop;

namespace Broadcast3D.Ndi;

/// <summary>
/// One NDI source on the network. Frames come from our buffers as BGRA/BGRX/UYVY/UYVA (see
/// <see cref="NdiVideoLayout"/>); each carries the sender's frame rate and the timecode of its frame index
/// (<see cref="NdiTimecode"/>).
/// <para>Thread-safety: call the Send and SendAsync overloads, <see cref="Flush"/> and
/// <see cref="Dispose"/> from one thread at a time (the output's thread). <see cref="GetConnectionCount"/> and
/// <see cref="GetTally"/> may be called from any thread while the sender is alive.</para>
/// </summary>
public sealed unsafe class NdiSender : IDisposable
{
    private readonly NdiFunctions _ndi;
    // The handle owns the instance (destroyed once, by Dispose or the finaliser); _instance is the pointer in use.
    private readonly NdiInstanceHandle _handle;
    private nint _instance;
    private MemoryHandle _asyncFrame;
    private bool _hasAsyncFrame;
    // The picture the runtime reads for the last SendAsync(Picture), one reference held until the next sync event.
    private Picture? _asyncPicture;

    /// <summary>Creates the source; throws <see cref="NdiException"/> when the runtime refuses it.</summary>
    public NdiSender(NdiRuntime runtime, NdiSenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(options);
        _ndi = runtime.Functions;
        Options = options;
        using var name = new NdiUtf8(options.Name);
        using var groups = new NdiUtf8(options.Groups);
        var create = new NdiSendCreate
        {
            NdiName = name.Pointer,
            Groups = groups.Pointer,
            ClockVideo = options.ClockVideo ? (byte)1 : (byte)0,
            // We send no audio; clocking it would make the runtime wait for audio that never comes.
            ClockAudio = 0,
        };
        _instance = NdiCall.CheckHandle(_ndi.SendCreate(&create), "NDIlib_send_create", $"source '{options.Name}'",
            "the name may be in use by another sender in this process, or the network stack failed to start");
        _handle = new NdiInstanceHandle(_instance, _ndi.SendDestroy);
        NdiSourceNative* source = _ndi.SendGetSourceName(_instance);
        SourceName = source == null ? options.Name : NdiCall.String(source->NdiName);
    }

    public NdiSenderOptions Options { get; }

    /// <summary>The full name receivers see, "HOST (name)".</summary>
    public string SourceName { get; }

    /// <summary>
    /// Sends one frame and returns when the runtime no longer needs <paramref name="pixels"/> (after compression,
    /// and after waiting for the frame's slot when <see cref="NdiSenderOptions.ClockVideo"/> is on).
    /// </summary>
    /// <param name="pixels">At least <see cref="NdiVideoLayout.SizeBytes"/> bytes in <paramref name="layout"/>.</param>
    /// <param name="layout">Size and pixel format.</param>
    /// <param name="frameIndex">Index of this frame in the stream (≥ 0); sets the timecode.</param>
    public void Send(ReadOnlySpan<byte> pixels, NdiVideoLayout layout, long frameIndex)
    {
        ObjectDisposedException.ThrowIf(_instance == 0, this);
        CheckSize(pixels.Length, layout);
        fixed (byte* data = pixels)
        {
            NdiVideoFrameV2 frame = Describe(data, layout, frameIndex);
            _ndi.SendVideoV2(_instance, &frame);
        }
        // A synchronous send is also a synchronising event for an earlier asynchronous frame.
        ReleaseAsyncFrame();
    }

    /// <summary>
    /// Queues one frame for compression on the runtime's threads and returns at once.
    /// Ownership: <paramref name="pixels"/> is pinned and read by the runtime until the next send (any overload),
    /// <see cref="Flush"/> or <see cref="Dispose"/> returns; do not write to or return that buffer to a pool before
    /// then. Double-buffering two frames is enough to keep the runtime busy.
    /// </summary>
    public void SendAsync(ReadOnlyMemory<byte> pixels, NdiVideoLayout layout, long frameIndex)
    {
        ObjectDisposedException.ThrowIf(_instance == 0, this);
        CheckSize(pixels.Length, layout);
        MemoryHandle pin = pixels.Pin();
        NdiVideoFrameV2 frame = Describe((byte*)pin.Pointer, layout, frameIndex);
        _ndi.SendVideoAsyncV2(_instance, &frame);
        ReleaseAsyncFrame();
        _asyncFrame = pin;
        _hasAsyncFrame = true;
    }

    /// <summary>
    /// Sends a programme picture as frame <see cref="Picture.FrameIndex"/>: <see cref="PixelLayout.Uyvy"/> as UYVY,
    /// straight-alpha <see cref="PixelLayout.Rgba8"/> as RGBA with alpha. The runtime reads the picture's own memory
    /// (no copy of ours) and is done with it when this returns, so the caller may release it then.
    /// </summary>
    /// <exception cref="ArgumentException">The picture's layout has no NDI fourcc (the message names the ones that do).</exception>
    public void Send(Picture picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ObjectDisposedException.ThrowIf(_instance == 0, this);
        NdiVideoFrameV2 frame = Describe(picture);
        _ndi.SendVideoV2(_instance, &frame);
        ReleaseAsyncFrame();
    }

    /// <summary>
    /// Queues a programme picture (as <see cref="Send(Picture)"/>) for compression on the runtime's threads and returns
    /// at once. The sender holds its own reference (<see cref="Picture.Retain"/>) until the runtime is done with it
    /// (the next send, <see cref="Flush"/> or <see cref="Dispose"/>), so the caller releases its reference freely.
    /// </summary>
    /// <exception cref="ArgumentException">The picture's layout has no NDI fourcc.</exception>
    public void SendAsync(Picture picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ObjectDisposedException.ThrowIf(_instance == 0, this);
        NdiVideoFrameV2 frame = Describe(picture);
        picture.Retain();
        _ndi.SendVideoAsyncV2(_instance, &frame);
        ReleaseAsyncFrame();
        _asyncPicture = picture;
    }

    /// <summary>Waits until the runtime has finished with the last asynchronous frame (buffer or picture) and releases it.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_instance == 0, this);
        if (!_hasAsyncFrame && _asyncPicture is null)
            return;
        _ndi.SendVideoAsyncV2(_instance, null);
        ReleaseAsyncFrame();
    }

    /// <summary>
    /// Number of receivers connected. Waits up to <paramref name="timeout"/> for the first one when there is none
    /// (TimeSpan.Zero answers at once), so a test or a start-up check can wait without polling.
    /// </summary>
    public int GetConnectionCount(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_instance == 0, this);
        return _ndi.SendGetNoConnections(_instance, NdiCall.TimeoutMs(timeout));
    }

    /// <summary>
    /// Tally from the connected receivers. Returns at once with the current value when <paramref name="timeout"/>
    /// is zero; otherwise waits up to <paramref name="timeout"/> for a change and returns the value then.
    /// </summary>
    public NdiTally GetTally(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_instance == 0, this);
        NdiTallyNative tally = default;
        _ndi.SendGetTally(_instance, &tally, NdiCall.TimeoutMs(timeout));
        return new NdiTally(tally.OnProgram != 0, tally.OnPreview != 0);
    }

    /// <summary>Flushes any asynchronous frame and removes the source from the network. Idempotent.</summary>
    public void Dispose()
    {
        if (_instance == 0)
            return;
        // NDIlib_send_destroy is itself a synchronising event for the asynchronous frame.
        _instance = 0;
        _handle.Dispose();
        ReleaseAsyncFrame();
    }

    private NdiVideoFrameV2 Describe(byte* data, NdiVideoLayout layout, long frameIndex)
    {
        FrameRate rate = Options.FrameRate;
        return new NdiVideoFrameV2
        {
            Xres = layout.Width,
            Yres = layout.Height,
            FourCC = FourCC(layout.PixelFormat),
            FrameRateN = rate.Numerator,
            FrameRateD = rate.Denominator,
            PictureAspectRatio = 0f,
            FrameFormatType = NdiConstants.FrameFormatProgressive,
            Timecode = NdiTimecode.FromFrameIndex(frameIndex, rate),
            Data = data,
            LineStrideInBytes = layout.StrideBytes,
        };
    }

    private NdiVideoFrameV2 Describe(Picture picture)
    {
        NdiPixelFormat format = picture.Layout switch
        {
            PixelLayout.Uyvy => NdiPixelFormat.Uyvy,
            PixelLayout.Rgba8 => NdiPixelFormat.Rgba,
            _ => throw new ArgumentException($"NDI takes Uyvy or straight-alpha Rgba8 pictures, got {picture.Layout}", nameof(picture)),
        };
        // Picture memory is pinned for the picture's life, so the runtime may read it by address.
        byte* data = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(picture.Bytes));
        return Describe(data, new NdiVideoLayout(picture.Width, picture.Height, format), picture.FrameIndex);
    }

    private void ReleaseAsyncFrame()
    {
        if (_asyncPicture is { } picture)
        {
            _asyncPicture = null;
            picture.Release();
        }
        if (!_hasAsyncFrame)
            return;
        _asyncFrame.Dispose();
        _asyncFrame = default;
        _hasAsyncFrame = false;
    }

    private static void CheckSize(int length, NdiVideoLayout layout)
    {
        if (layout.Width == 0)
            throw new ArgumentException("the frame layout is empty: create it with its constructor", nameof(layout));
        if (length < layout.SizeBytes)
            throw new ArgumentException($"a {layout} frame needs {layout.SizeBytes} bytes, the buffer has {length}", nameof(layout));
    }

    internal static uint FourCC(NdiPixelFormat format) => format switch
    {
        NdiPixelFormat.Bgra => NdiConstants.FourCC('B', 'G', 'R', 'A'),
        NdiPixelFormat.Bgrx => NdiConstants.FourCC('B', 'G', 'R', 'X'),
        NdiPixelFormat.Uyvy => NdiConstants.FourCC('U', 'Y', 'V', 'Y'),
        NdiPixelFormat.Uyva => NdiConstants.FourCC('U', 'Y', 'V', 'A'),
        NdiPixelFormat.Rgba => NdiConstants.FourCC('R', 'G', 'B', 'A'),
        NdiPixelFormat.Rgbx => NdiConstants.FourCC('R', 'G', 'B', 'X'),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown pixel format"),
    };
}
