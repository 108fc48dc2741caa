namespace Broadcast3D.Media.Interop;

/// <summary>An opened input <c>AVFormatContext</c> (after a successful avformat_open_input); released by avformat_close_input.</summary>
internal sealed unsafe class FormatInputHandle(AVFormatContext* context) : FFmpegHandle((nint)context)
{
    protected override void Free(nint pointer)
    {
        var context = (AVFormatContext*)pointer;
        LibAvFormat.CloseInput(&context);
    }
}
