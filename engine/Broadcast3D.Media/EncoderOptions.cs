using Broadcast3D.Core.Time;

namespace Broadcast3D.Media;

/// <summary>How an <see cref="Encoder"/> encodes and muxes. Immutable once passed to <see cref="Encoder.Create"/>.</summary>
public sealed record EncoderOptions
{
    /// <summary>Picture width in pixels (even for the 4:2:0 codecs).</summary>
    public required int Width { get; init; }

    /// <summary>Picture height in pixels (even for the 4:2:0 codecs).</summary>
    public required int Height { get; init; }

    /// <summary>Exact frame rate; frame n is stamped n / rate seconds.</summary>
    public required FrameRate FrameRate { get; init; }

    /// <summary>
    /// Unit of the frame indices passed to the write methods (frame n is stamped n × this, seconds); null: one frame
    /// period (1 / <see cref="FrameRate"/>). A rewrite that keeps a file's own timestamps sets 1/90000 (MPEG-TS).
    /// </summary>
    public Rational? TimeBase { get; init; }

    public VideoCodec Codec { get; init; } = VideoCodec.H264;

    /// <summary>Layout of the pixels passed to <see cref="Encoder.WriteFrame(ReadOnlySpan{byte}, int)"/>: Rgba or Bgra.</summary>
    public FrameOutput InputLayout { get; init; } = FrameOutput.Rgba;

    /// <summary>
    /// FFmpeg muxer name ("mp4", "mov", "mpegts", "flv"); null picks it from the URL scheme (srt/udp → mpegts,
    /// rtmp → flv) or the file extension.
    /// </summary>
    public string? Container { get; init; }

    /// <summary>Target bits per second; 0 uses constant quality (CRF 20 for H.264/HEVC) or the ProRes profile's rate.</summary>
    public long BitRate { get; init; }

    /// <summary>Frames between key frames; 0 = one second's worth (a live viewer joins within a second).</summary>
    public int KeyFrameInterval { get; init; }

    /// <summary>x264/x265 speed preset ("ultrafast" … "veryslow").</summary>
    public string Preset { get; init; } = "veryfast";

    /// <summary>Encoder threads; 0 lets the encoder choose.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// MP4/MOV only: write fragments (one per key frame, flushed to disk) so the file stays playable up to the last
    /// complete fragment if the process dies before <see cref="Encoder.Finish"/>.
    /// </summary>
    public bool Fragmented { get; init; }

    /// <summary>Longest wait to connect a network output (SRT/RTMP/UDP).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Protocol/muxer options passed to avio_open2 and avformat_write_header (e.g. SRT "latency").</summary>
    public IReadOnlyDictionary<string, string>? OutputOptions { get; init; }
}
