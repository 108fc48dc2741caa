using System.Collections.Concurrent;
using Broadcast3D.Media.Interop;

namespace Broadcast3D.Media;

/// <summary>FFmpeg pixel format names, cached so that reading a frame's format allocates nothing after the first time.</summary>
internal static unsafe class PixelFormats
{
    private static readonly ConcurrentDictionary<int, string> s_names = new();

    public static string Name(int format) =>
        s_names.GetOrAdd(format, static f => f < 0 ? "none" : FFmpegError.Utf8(LibAvUtil.GetPixFmtName(f)));

    /// <summary>The format code of <paramref name="output"/>, or -1 for <see cref="FrameOutput.Native"/>.</summary>
    public static int Of(FrameOutput output) => output switch
    {
        FrameOutput.Rgba => FFmpegConstants.AV_PIX_FMT_RGBA,
        FrameOutput.Bgra => FFmpegConstants.AV_PIX_FMT_BGRA,
        _ => FFmpegConstants.AV_PIX_FMT_NONE,
    };
}
