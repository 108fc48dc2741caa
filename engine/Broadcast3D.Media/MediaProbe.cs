using Broadcast3D.Core.Time;
using Broadcast3D.Media.Interop;
using static Broadcast3D.Media.Interop.FFmpegConstants;

namespace Broadcast3D.Media;

/// <summary>Reads a source's container and stream properties without decoding pictures. Thread-safe.</summary>
public static unsafe class MediaProbe
{
    /// <summary>
    /// Probes <paramref name="source"/>. Throws <see cref="MediaException"/> naming it when it cannot be opened
    /// within <paramref name="timeout"/> (default 10 s).
    /// </summary>
    public static MediaInfo Probe(string source, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        FFmpegLibrary.EnsureAvailable();
        bool isFile = !source.Contains("://", StringComparison.Ordinal);
        if (isFile && !File.Exists(source))
            throw new MediaException($"cannot open '{source}': the file does not exist");
        using var interrupt = new InterruptState();
        AVFormatContext* format = LibAvFormat.AllocContext();
        if (format == null)
            throw new OutOfMemoryException("avformat_alloc_context returned null");
        format->InterruptCallback = interrupt.Callback;
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(10);
        interrupt.StartDeadline(limit);
        int ret = LibAvFormat.OpenInput(&format, source, null, null);
        if (ret < 0 && interrupt.DeadlinePassed)
            throw new MediaException($"cannot open '{source}': no answer within {limit.TotalSeconds:0.#} s", ret);
        FFmpegError.Check(ret, $"opening '{source}'");
        using (new FormatInputHandle(format))
        {
            FFmpegError.Check(LibAvFormat.FindStreamInfo(format, null), $"reading stream information of '{source}'");
            var streams = new List<MediaStreamInfo>();
            long[] counted = isFile ? CountPackets(format, interrupt, limit) : [];
            for (int i = 0; i < format->NbStreams; i++)
                streams.Add(Describe(format->Streams[i], counted.Length > i ? counted[i] : 0));
            string? timecode = StreamMetadata.Tag(format->Metadata, "timecode");
            foreach (MediaStreamInfo s in streams)
                timecode ??= s.Timecode;
            return new MediaInfo(
                source,
                FFmpegError.Utf8(format->Iformat->Name),
                format->Duration != AV_NOPTS_VALUE && format->Duration > 0 ? new Rational(format->Duration, 1_000_000) : null, // AV_TIME_BASE
                format->BitRate > 0 ? format->BitRate : null,
                timecode,
                streams);
        }
    }

    private static MediaStreamInfo Describe(AVStream* stream, long countedPackets)
    {
        AVCodecParameters* par = stream->Codecpar;
        var timeBase = new Rational(stream->TimeBase.Num, stream->TimeBase.Den);
        bool video = par->CodecType == AVMEDIA_TYPE_VIDEO;
        string kind = par->CodecType switch
        {
            AVMEDIA_TYPE_VIDEO => "video",
            AVMEDIA_TYPE_AUDIO => "audio",
            2 => "data",       // AVMEDIA_TYPE_DATA
            3 => "subtitle",   // AVMEDIA_TYPE_SUBTITLE
            4 => "attachment", // AVMEDIA_TYPE_ATTACHMENT
            _ => "unknown",
        };
        long? frames = stream->NbFrames > 0 ? stream->NbFrames : countedPackets > 0 ? countedPackets : null;
        return new MediaStreamInfo(
            stream->Index,
            kind,
            FFmpegError.Utf8(LibAvCodec.GetName(par->CodecId)),
            video ? par->Width : null,
            video ? par->Height : null,
            video && par->Format >= 0 ? PixelFormats.Name(par->Format) : null,
            video ? StreamMetadata.ValidRate(stream->AvgFrameRate) ?? StreamMetadata.ValidRate(stream->RFrameRate) : null,
            timeBase,
            stream->Duration != AV_NOPTS_VALUE && stream->Duration > 0 ? new Rational(stream->Duration, 1) * timeBase : null,
            frames,
            video ? par->FieldOrder > AV_FIELD_PROGRESSIVE : null,
            StreamMetadata.Tag(stream->Metadata, "timecode"));
    }

    /// <summary>Counts packets per stream (for containers that do not declare frame counts, e.g. MPEG-TS, MKV).</summary>
    private static long[] CountPackets(AVFormatContext* format, InterruptState interrupt, TimeSpan limit)
    {
        var counts = new long[format->NbStreams];
        using PacketHandle owner = PacketHandle.Alloc();
        AVPacket* packet = owner.Pointer;
        interrupt.StartDeadline(limit);
        while (LibAvFormat.ReadFrame(format, packet) >= 0)
        {
            if (packet->StreamIndex >= 0 && packet->StreamIndex < counts.Length)
                counts[packet->StreamIndex]++;
            LibAvCodec.PacketUnref(packet);
        }
        return counts;
    }
}
