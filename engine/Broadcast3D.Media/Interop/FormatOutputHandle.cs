using static Broadcast3D.Media.Interop.FFmpegConstants;

namespace Broadcast3D.Media.Interop;

/// <summary>
/// An output <c>AVFormatContext</c> (avformat_alloc_output_context2) and the <c>AVIOContext</c> it owns when the
/// format writes through one (no AVFMT_NOFILE): released by avio_closep, then avformat_free_context.
/// </summary>
internal sealed unsafe class FormatOutputHandle(AVFormatContext* context) : FFmpegHandle((nint)context)
{
    /// <summary>Closes the output's AVIOContext if open (flushes it); the context stays. Idempotent.</summary>
    public static void CloseIo(AVFormatContext* context)
    {
        if (context == null || context->Oformat == null || (context->Oformat->Flags & AVFMT_NOFILE) != 0 || context->Pb == 0)
            return;
        nint io = context->Pb;
        LibAvFormat.IoClosep(&io);
        context->Pb = 0;
    }

    protected override void Free(nint pointer)
    {
        var context = (AVFormatContext*)pointer;
        CloseIo(context);
        LibAvFormat.FreeContext(context);
    }
}
