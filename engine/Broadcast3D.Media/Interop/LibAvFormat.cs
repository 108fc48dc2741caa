using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>The libavformat 59 functions we call. AVIOContext is opaque (<c>nint</c>).</summary>
internal static unsafe partial class LibAvFormat
{
    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "avformat_version")]
    public static partial uint Version();

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "avformat_network_init")]
    public static partial int NetworkInit();

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "avformat_alloc_context")]
    public static partial AVFormatContext* AllocContext();

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "avformat_open_input", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenInput(AVFormatContext** context, string url, AVInputFormat* format, nint* options);

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "avformat_find_stream_info")]
    public static partial int FindStreamInfo(AVFormatContext* context, nint* options);

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "avformat_close_input")]
    public static partial void CloseInput(AVFormatContext** context);

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "av_find_best_stream")]
    public static partial int FindBestStream(AVFormatContext* context, int type, int wanted, int related, AVCodec** decoder, int flags);

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "av_read_frame")]
    public static partial int ReadFrame(AVFormatContext* context, AVPacket* packet);

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "av_seek_frame")]
    public static partial int SeekFrame(AVFormatContext* context, int streamIndex, long timestamp, int flags);

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "avformat_alloc_output_context2", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int AllocOutputContext2(AVFormatContext** context, AVOutputFormat* format, string? formatName, string fileName);

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "avformat_new_stream")]
    public static partial AVStream* NewStream(AVFormatContext* context, AVCodec* codec);

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "avio_open2", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int IoOpen2(nint* io, string url, int flags, AVIOInterruptCB* interrupt, nint* options);

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "avio_closep")]
    public static partial int IoClosep(nint* io);

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "avio_enum_protocols")]
    public static partial byte* IoEnumProtocols(void** opaque, int output);

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "avformat_write_header")]
    public static partial int WriteHeader(AVFormatContext* context, nint* options);

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "av_interleaved_write_frame")]
    public static partial int InterleavedWriteFrame(AVFormatContext* context, AVPacket* packet);

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "av_write_trailer")]
    public static partial int WriteTrailer(AVFormatContext* context);

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "avformat_free_context")]
    public static partial void FreeContext(AVFormatContext* context);

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "av_write_frame")]
    public static partial int WriteFrame(AVFormatContext* context, AVPacket* packet);

    /// <summary>avio_seek; with offset 0 and SEEK_CUR (1) it is avio_tell, a macro in the headers.</summary>
    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "avio_seek")]
    public static partial long IoSeek(nint io, long offset, int whence);

    [LibraryImport(FFmpegLibrary.AvFormat, EntryPoint = "avio_flush")]
    public static partial void IoFlush(nint io);
}
