namespace Broadcast3D.Media;

/// <summary>How a <see cref="Decoder"/> opens and decodes a source. Immutable once passed to <see cref="Decoder.Open"/>.</summary>
public sealed record DecoderOptions
{
    /// <summary>Pixel layout of delivered frames.</summary>
    public FrameOutput Output { get; init; } = FrameOutput.Native;

    /// <summary>Decoder threads; 0 lets FFmpeg choose (one per core), 1 decodes on the calling thread.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Live: decode each frame as soon as its packet is in. Frame threading (the default, best throughput) keeps
    /// one frame per extra thread inside the decoder, a frame period of latency each; low delay uses slice threads
    /// only and sets AV_CODEC_FLAG_LOW_DELAY.
    /// </summary>
    public bool LowDelay { get; init; }

    /// <summary>Hardware decode policy (default: try CUDA, fall back to software).</summary>
    public HardwareDecode Hardware { get; init; } = HardwareDecode.Auto;

    /// <summary>
    /// Frames in the pool handed to callers. A caller holding all of them without disposing makes the next read
    /// throw; size it as queue capacity + 2 when frames are queued between threads.
    /// </summary>
    public int PoolSize { get; init; } = 4;

    /// <summary>Longest wait to open a source (network connect, probe); exceeded → <see cref="MediaException"/>.</summary>
    public TimeSpan OpenTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for one packet from the source; exceeded → <see cref="MediaException"/> (a stall).</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Demuxer/protocol options passed to avformat_open_input (e.g. "rtsp_transport" = "tcp").</summary>
    public IReadOnlyDictionary<string, string>? FormatOptions { get; init; }

    /// <summary>Receives one warning per recovered problem (corrupt packet, decode error), with the source as the
    /// <c>Source</c> property; may be called on the decoding thread. Null: the process logger (<see cref="Serilog.Log.Logger"/>).</summary>
    public Serilog.ILogger? Logger { get; init; }

    /// <summary>
    /// Receives a reference to every demuxed packet of the decoded stream, as received, before it is decoded
    /// (recording in copy mode); each open of the source begins a new connection of the tap. Null: none.
    /// </summary>
    public Recording.PacketTap? Tap { get; init; }
}
