using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>The libavutil 57 functions we call. Opaque pointers (AVDictionary, AVBufferRef) are <c>nint</c>.</summary>
internal static unsafe partial class LibAvUtil
{
    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "avutil_version")]
    public static partial uint Version();

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_strerror")]
    public static partial int StrError(int errnum, byte* buffer, nuint bufferSize);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_log_set_level")]
    public static partial void LogSetLevel(int level);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_log_set_callback")]
    public static partial void LogSetCallback(delegate* unmanaged[Cdecl]<void*, int, byte*, void*, void> callback);

    /// <summary><paramref name="vl"/> is the callback's va_list, passed through untouched (x86-64: a pointer).</summary>
    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_log_format_line2")]
    public static partial int LogFormatLine2(void* avcl, int level, byte* fmt, void* vl, byte* line, int lineSize, int* printPrefix);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_frame_alloc")]
    public static partial AVFrame* FrameAlloc();

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_frame_free")]
    public static partial void FrameFree(AVFrame** frame);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_frame_unref")]
    public static partial void FrameUnref(AVFrame* frame);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_frame_ref")]
    public static partial int FrameRef(AVFrame* destination, AVFrame* source);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_frame_move_ref")]
    public static partial void FrameMoveRef(AVFrame* dst, AVFrame* src);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_frame_get_buffer")]
    public static partial int FrameGetBuffer(AVFrame* frame, int align);

    /// <summary>Wraps memory we own in an AVBufferRef; FFmpeg calls <paramref name="free"/>(opaque, data) when the last reference goes.</summary>
    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_buffer_create")]
    public static partial nint BufferCreate(byte* data, nuint size, delegate* unmanaged[Cdecl]<nint, byte*, void> free, nint opaque, int flags);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_frame_make_writable")]
    public static partial int FrameMakeWritable(AVFrame* frame);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_dict_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int DictSet(nint* dictionary, string key, string value, int flags);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_dict_get", StringMarshalling = StringMarshalling.Utf8)]
    public static partial AVDictionaryEntry* DictGet(nint dictionary, string key, AVDictionaryEntry* previous, int flags);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_dict_free")]
    public static partial void DictFree(nint* dictionary);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_get_pix_fmt_name")]
    public static partial byte* GetPixFmtName(int pixelFormat);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_get_pix_fmt", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GetPixFmt(string name);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_pix_fmt_count_planes")]
    public static partial int PixFmtCountPlanes(int pixelFormat);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_image_get_buffer_size")]
    public static partial int ImageGetBufferSize(int pixelFormat, int width, int height, int align);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_image_copy_to_buffer")]
    public static partial int ImageCopyToBuffer(byte* dst, int dstSize, nint* srcData, int* srcLinesize, int pixelFormat, int width, int height, int align);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_image_fill_plane_sizes")]
    public static partial int ImageFillPlaneSizes(nuint* sizes, int pixelFormat, int height, nint* linesizes);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_hwdevice_ctx_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int HwDeviceCtxCreate(nint* deviceCtx, int type, string? device, nint options, int flags);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_hwframe_transfer_data")]
    public static partial int HwFrameTransferData(AVFrame* dst, AVFrame* src, int flags);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_buffer_ref")]
    public static partial nint BufferRef(nint buffer);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_buffer_unref")]
    public static partial void BufferUnref(nint* buffer);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_opt_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OptSet(void* obj, string name, string value, int searchFlags);

    [LibraryImport(FFmpegLibrary.AvUtil, EntryPoint = "av_opt_set_int", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OptSetInt(void* obj, string name, long value, int searchFlags);
}
