namespace Broadcast3D.Media.Interop;

/// <summary>An <c>AVCodecContext</c> (avcodec_alloc_context3); released by avcodec_free_context.</summary>
internal sealed unsafe class CodecContextHandle(AVCodecContext* context) : FFmpegHandle((nint)context)
{
    protected override void Free(nint pointer)
    {
        var context = (AVCodecContext*)pointer;
        LibAvCodec.FreeContext(&context);
    }
}
