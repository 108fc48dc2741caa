using Broadcast3D.Core.Time;
using Broadcast3D.Media.Interop;
using static Broadcast3D.Media.Interop.FFmpegConstants;

namespace Broadcast3D.Media;

/// <summary>Reads stream properties and metadata tags shared by <see cref="Decoder"/> and <see cref="MediaProbe"/>.</summary>
internal static unsafe class StreamMetadata
{
    /// <summary>The declared properties of video stream <paramref name="stream"/> of <paramref name="format"/>.</summary>
    public static VideoStreamInfo Video(AVFormatContext* format, AVStream* stream)
    {
        AVCodecParameters* par = stream->Codecpar;
        var timeBase = new Rational(stream->TimeBase.Num, stream->TimeBase.Den);
        FrameRate? rate = ValidRate(stream->AvgFrameRate) ?? ValidRate(stream->RFrameRate);
        Rational? duration = stream->Duration != AV_NOPTS_VALUE && stream->Duration > 0
            ? new Rational(stream->Duration, 1) * timeBase
            : format->Duration != AV_NOPTS_VALUE && format->Duration > 0 ? new Rational(format->Duration, 1_000_000) : null; // AV_TIME_BASE
        string? timecode = Tag(stream->Metadata, "timecode") ?? Tag(format->Metadata, "timecode");
        return new VideoStreamInfo(
            stream->Index,
            FFmpegError.Utf8(LibAvCodec.GetName(par->CodecId)),
            par->Width,
            par->Height,
            par->Format >= 0 ? PixelFormats.Name(par->Format) : "",
            timeBase,
            rate,
            stream->StartTime != AV_NOPTS_VALUE ? stream->StartTime : 0,
            duration,
            stream->NbFrames > 0 ? stream->NbFrames : null,
            par->FieldOrder > AV_FIELD_PROGRESSIVE,
            timecode);
    }

    public static FrameRate? ValidRate(AVRational r) => r.Num > 0 && r.Den > 0 ? new FrameRate(r.Num, r.Den) : null;

    public static string? Tag(nint dictionary, string key)
    {
        AVDictionaryEntry* e = LibAvUtil.DictGet(dictionary, key, null, 0);
        return e == null ? null : FFmpegError.Utf8(e->Value);
    }
}
