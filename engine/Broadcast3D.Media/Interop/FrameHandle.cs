namespace Broadcast3D.Media.Interop;

/// <summary>An <c>AVFrame</c> (av_frame_alloc); released by av_frame_free, which also drops its buffer references.</summary>
internal sealed unsafe class FrameHandle(AVFrame* frame) : FFmpegHandle((nint)frame)
{
    /// <summary>Allocates a frame; throws <see cref="OutOfMemoryException"/> when FFmpeg cannot.</summary>
    public static FrameHandle Alloc()
    {
        AVFrame* frame = LibAvUtil.FrameAlloc();
        return frame == null ? throw new OutOfMemoryException("av_frame_alloc returned null") : new FrameHandle(frame);
    }

    public AVFrame* Pointer => (AVFrame*)handle;

    protected override void Free(nint pointer)
    {
        var frame = (AVFrame*)pointer;
        LibAvUtil.FrameFree(&frame);
    }
}
