using System.Diagnostics;
using Broadcast3D.Ndi.Interop;

namespace Broadcast3D.Ndi;

/// <summary>
/// Receives one NDI source (for tests and monitoring). The connection is made on the runtime's threads;
/// <see cref="TryCaptureVideo"/> returns decoded frames in order.
/// Thread-safety: capture from one thread; <see cref="SetTally"/>, <see cref="ConnectionCount"/> and
/// <see cref="GetFrameCounts"/> may be called from others. Dispose after every frame it lent.
/// </summary>
public sealed unsafe class NdiReceiver : IDisposable
{
    private readonly NdiFunctions _ndi;
    // The handle owns the instance (destroyed once, by Dispose or the finaliser); _instance is the pointer in use.
    private readonly NdiInstanceHandle _handle;
    private nint _instance;

    /// <summary>Connects to <paramref name="source"/>; throws <see cref="NdiException"/> when the runtime refuses.</summary>
    public NdiReceiver(NdiRuntime runtime, NdiSource source, NdiReceiverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(source);
        options ??= new NdiReceiverOptions();
        _ndi = runtime.Functions;
        Source = source;
        using var name = new NdiUtf8(source.Name);
        using var url = new NdiUtf8(source.UrlAddress.Length == 0 ? null : source.UrlAddress);
        using var receiverName = new NdiUtf8(options.Name);
        var create = new NdiRecvCreateV3
        {
            Source = new NdiSourceNative { NdiName = name.Pointer, UrlAddress = url.Pointer },
            ColorFormat = (int)options.ColorFormat,
            Bandwidth = NdiConstants.RecvBandwidthHighest,
            // Our frames are progressive; fields would need de-interlacing we do not offer.
            AllowVideoFields = 0,
            RecvName = receiverName.Pointer,
        };
        _instance = NdiCall.CheckHandle(_ndi.RecvCreateV3(&create), "NDIlib_recv_create_v3", $"source '{source.Name}'",
            "the runtime could not start a receiver");
        _handle = new NdiInstanceHandle(_instance, _ndi.RecvDestroy);
    }

    /// <summary>The source this receiver connects to.</summary>
    public NdiSource Source { get; }

    /// <summary>Number of connections to the source (0 or 1 once established).</summary>
    public int ConnectionCount
    {
        get
        {
            ObjectDisposedException.ThrowIf(_instance == 0, this);
            return _ndi.RecvGetNoConnections(_instance);
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the next video frame, skipping audio, metadata and status
    /// changes. Returns false on timeout. Throws <see cref="NdiException"/> when the connection is lost.
    /// </summary>
    public bool TryCaptureVideo(TimeSpan timeout, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NdiReceivedVideoFrame? frame)
    {
        ObjectDisposedException.ThrowIf(_instance == 0, this);
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            NdiVideoFrameV2 native = default;
            TimeSpan left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            int type = _ndi.RecvCaptureV2(_instance, &native, null, null, NdiCall.TimeoutMs(left));
            if (type == NdiConstants.FrameTypeVideo)
            {
                NdiPixelFormat? format = FormatOf(native.FourCC);
                if (format is { } known)
                {
                    frame = new NdiReceivedVideoFrame(this, native, known);
                    return true;
                }
                _ndi.RecvFreeVideoV2(_instance, &native);
                throw new NdiException($"{Source.Name} delivered FourCC 0x{native.FourCC:X8}, which this receiver does not read");
            }
            if (type == NdiConstants.FrameTypeError)
                throw new NdiException($"the connection to {Source.Name} ({Source.UrlAddress}) was lost");
            // Anything else (nothing yet, a status change) loops until the deadline.
            if (Stopwatch.GetTimestamp() >= deadline)
            {
                frame = null;
                return false;
            }
        }
    }

    /// <summary>Tells the sender whether this receiver shows it on programme and/or preview.</summary>
    public void SetTally(NdiTally tally)
    {
        ObjectDisposedException.ThrowIf(_instance == 0, this);
        var native = new NdiTallyNative { OnProgram = tally.OnProgram ? (byte)1 : (byte)0, OnPreview = tally.OnPreview ? (byte)1 : (byte)0 };
        _ndi.RecvSetTally(_instance, &native);
    }

    /// <summary>Video frames received and dropped (not captured in time) since the receiver was created.</summary>
    public (long Received, long Dropped) GetFrameCounts()
    {
        ObjectDisposedException.ThrowIf(_instance == 0, this);
        NdiRecvPerformance total = default, dropped = default;
        _ndi.RecvGetPerformance(_instance, &total, &dropped);
        return (total.VideoFrames, dropped.VideoFrames);
    }

    /// <summary>Disconnects. Frames still lent become invalid: dispose them first. Idempotent.</summary>
    public void Dispose()
    {
        if (_instance == 0)
            return;
        _instance = 0;
        _handle.Dispose();
    }

    internal void Free(ref NdiVideoFrameV2 frame)
    {
        if (_instance == 0)
            return;
        fixed (NdiVideoFrameV2* p = &frame)
            _ndi.RecvFreeVideoV2(_instance, p);
    }

    private static NdiPixelFormat? FormatOf(uint fourCC)
    {
        foreach (NdiPixelFormat f in (ReadOnlySpan<NdiPixelFormat>)[NdiPixelFormat.Bgra, NdiPixelFormat.Bgrx, NdiPixelFormat.Uyvy, NdiPixelFormat.Uyva, NdiPixelFormat.Rgba, NdiPixelFormat.Rgbx])
        {
            if (NdiSender.FourCC(f) == fourCC)
                return f;
        }
        return null;
    }
}
