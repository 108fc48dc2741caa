namespace Broadcast3D.Media.Interop;

/// <summary>An <c>AVPacket</c> (av_packet_alloc); released by av_packet_free.</summary>
internal sealed unsafe class PacketHandle(AVPacket* packet) : FFmpegHandle((nint)packet)
{
    /// <summary>Allocates a packet; throws <see cref="OutOfMemoryException"/> when FFmpeg cannot.</summary>
    public static PacketHandle Alloc()
    {
        AVPacket* packet = LibAvCodec.PacketAlloc();
        return packet == null ? throw new OutOfMemoryException("av_packet_alloc returned null") : new PacketHandle(packet);
    }

    public AVPacket* Pointer => (AVPacket*)handle;

    protected override void Free(nint pointer)
    {
        var packet = (AVPacket*)pointer;
        LibAvCodec.PacketFree(&packet);
    }
}
