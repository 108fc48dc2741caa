using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>The libavcodec 59 functions we call.</summary>
internal static unsafe partial class LibAvCodec
{
    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_version")]
    public static partial uint Version();

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_find_decoder")]
    public static partial AVCodec* FindDecoder(int codecId);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_find_decoder_by_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial AVCodec* FindDecoderByName(string name);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_find_encoder_by_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial AVCodec* FindEncoderByName(string name);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_get_name")]
    public static partial byte* GetName(int codecId);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_get_hw_config")]
    public static partial AVCodecHWConfig* GetHwConfig(AVCodec* codec, int index);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_alloc_context3")]
    public static partial AVCodecContext* AllocContext3(AVCodec* codec);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_free_context")]
    public static partial void FreeContext(AVCodecContext** context);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_parameters_to_context")]
    public static partial int ParametersToContext(AVCodecContext* context, AVCodecParameters* parameters);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_parameters_from_context")]
    public static partial int ParametersFromContext(AVCodecParameters* parameters, AVCodecContext* context);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_open2")]
    public static partial int Open2(AVCodecContext* context, AVCodec* codec, nint* options);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_send_packet")]
    public static partial int SendPacket(AVCodecContext* context, AVPacket* packet);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_receive_frame")]
    public static partial int ReceiveFrame(AVCodecContext* context, AVFrame* frame);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_send_frame")]
    public static partial int SendFrame(AVCodecContext* context, AVFrame* frame);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_receive_packet")]
    public static partial int ReceivePacket(AVCodecContext* context, AVPacket* packet);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_flush_buffers")]
    public static partial void FlushBuffers(AVCodecContext* context);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "av_packet_alloc")]
    public static partial AVPacket* PacketAlloc();

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "av_packet_free")]
    public static partial void PacketFree(AVPacket** packet);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "av_packet_unref")]
    public static partial void PacketUnref(AVPacket* packet);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "av_packet_rescale_ts")]
    public static partial void PacketRescaleTs(AVPacket* packet, AVRational source, AVRational destination);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "av_packet_ref")]
    public static partial int PacketRef(AVPacket* destination, AVPacket* source);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_parameters_alloc")]
    public static partial AVCodecParameters* ParametersAlloc();

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_parameters_free")]
    public static partial void ParametersFree(AVCodecParameters** parameters);

    [LibraryImport(FFmpegLibrary.AvCodec, EntryPoint = "avcodec_parameters_copy")]
    public static partial int ParametersCopy(AVCodecParameters* destination, AVCodecParameters* source);
}
