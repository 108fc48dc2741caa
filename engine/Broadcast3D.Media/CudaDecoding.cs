using Broadcast3D.Media.Interop;
using static Broadcast3D.Media.Interop.FFmpegConstants;

namespace Broadcast3D.Media;

/// <summary>NVDEC through FFmpeg's CUDA hwaccel: whether a decoder can use it here, and the format callback.</summary>
internal static unsafe class CudaDecoding
{
    /// <summary>Null with a CUDA device in <paramref name="device"/> (caller unrefs it), or why CUDA cannot be used.</summary>
    public static string? TryCreateDevice(AVCodec* codec, out nint device)
    {
        device = 0;
        bool supported = false;
        for (int i = 0; ; i++)
        {
            AVCodecHWConfig* config = LibAvCodec.GetHwConfig(codec, i);
            if (config == null)
                break;
            if (config->DeviceType == AV_HWDEVICE_TYPE_CUDA && (config->Methods & AV_CODEC_HW_CONFIG_METHOD_HW_DEVICE_CTX) != 0)
                supported = true;
        }
        if (!supported)
            return $"the {FFmpegError.Utf8(codec->Name)} decoder has no CUDA support in this FFmpeg build";
        nint created = 0;
        int ret = LibAvUtil.HwDeviceCtxCreate(&created, AV_HWDEVICE_TYPE_CUDA, null, 0, 0);
        if (ret < 0)
            return $"no usable CUDA device ({FFmpegError.Message(ret)}; needs an NVIDIA GPU and driver)";
        device = created;
        return null;
    }

    /// <summary>The <c>get_format</c> callback for a decoder with a CUDA device.</summary>
    public static delegate* unmanaged<AVCodecContext*, int*, int> PickFormat => &PickCudaFormat;

    [System.Runtime.InteropServices.UnmanagedCallersOnly]
    private static int PickCudaFormat(AVCodecContext* context, int* formats)
    {
        // Prefer CUDA surfaces; otherwise FFmpeg's first (software) choice, which is its own fallback path.
        for (int* f = formats; *f != AV_PIX_FMT_NONE; f++)
        {
            if (*f == AV_PIX_FMT_CUDA)
                return AV_PIX_FMT_CUDA;
        }
        return formats[0];
    }
}
