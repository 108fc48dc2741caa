namespace Broadcast3D.Media.Interop;

/// <summary>
/// Enum values and macros from the FFmpeg 5.1 headers that we pass or compare; each is checked against the headers
/// by StructOffsetTests, because a silently wrong constant is as bad as a wrong offset.
/// </summary>
internal static class FFmpegConstants
{
    public const int AVERROR_EOF = -541478725;        // FFERRTAG('E','O','F',' ')
    public const int AVERROR_EAGAIN = -11;            // AVERROR(EAGAIN) on Linux
    public const int AVERROR_EXIT = -1414092869;      // FFERRTAG('E','X','I','T'): returned when our interrupt callback fires
    public const int AVERROR_INVALIDDATA = -1094995529;
    public const long AV_NOPTS_VALUE = long.MinValue; // INT64_C(0x8000000000000000)

    public const int AVMEDIA_TYPE_VIDEO = 0;
    public const int AVMEDIA_TYPE_AUDIO = 1;

    public const int AV_PIX_FMT_NONE = -1;
    public const int AV_PIX_FMT_YUV420P = 0;
    public const int AV_PIX_FMT_RGB24 = 2;
    public const int AV_PIX_FMT_GRAY8 = 8;
    public const int AV_PIX_FMT_YUVJ420P = 12;
    public const int AV_PIX_FMT_NV12 = 23;
    public const int AV_PIX_FMT_RGBA = 26;
    public const int AV_PIX_FMT_BGRA = 28;
    public const int AV_PIX_FMT_YUVA444P10LE = 91;
    public const int AV_PIX_FMT_CUDA = 117;

    public const int AV_CODEC_ID_H264 = 27;
    public const int AV_CODEC_ID_PNG = 61;
    public const int AV_CODEC_ID_MJPEG = 7;

    public const int AV_HWDEVICE_TYPE_CUDA = 2;
    public const int AV_CODEC_HW_CONFIG_METHOD_HW_DEVICE_CTX = 1;

    public const int AV_FIELD_PROGRESSIVE = 1;

    public const int AV_CODEC_FLAG_QSCALE = 2;
    public const int AV_CODEC_FLAG_LOW_DELAY = 1 << 19;
    public const int AV_CODEC_FLAG_GLOBAL_HEADER = 1 << 22;
    public const int FF_QP2LAMBDA = 118;
    public const int FF_THREAD_FRAME = 1;
    public const int FF_THREAD_SLICE = 2;
    public const int AVCOL_RANGE_JPEG = 2;
    public const int AVCOL_RANGE_MPEG = 1;
    public const int AVCOL_SPC_BT709 = 1;
    public const int AVCOL_PRI_BT709 = 1;
    public const int AVCOL_TRC_BT709 = 1;
    public const int AV_BUFFER_FLAG_READONLY = 1;

    public const int AVFMT_NOFILE = 1;
    public const int AVFMT_GLOBALHEADER = 64;
    public const int AVSEEK_FLAG_BACKWARD = 1;
    public const int AVIO_FLAG_WRITE = 2;
    public const int AV_PKT_FLAG_KEY = 1;
    public const int AV_PKT_FLAG_CORRUPT = 2;
    public const int AV_FRAME_FLAG_CORRUPT = 1;
    public const int AV_OPT_SEARCH_CHILDREN = 1;
    public const int AV_LOG_FATAL = 8;
    public const int AV_LOG_ERROR = 16;
    public const int AV_LOG_WARNING = 24;
    public const int AV_LOG_INFO = 32;
    public const int AV_LOG_VERBOSE = 40;
    public const int AV_LOG_DEBUG = 48;

    public const int SWS_BILINEAR = 2;
    public const int SWS_POINT = 16;
    public const int SWS_ACCURATE_RND = 0x40000;
    public const int SWS_FULL_CHR_H_INT = 0x2000;
    public const int SWS_CS_ITU709 = 1;
    public const int SWS_CS_DEFAULT = 5;
}
