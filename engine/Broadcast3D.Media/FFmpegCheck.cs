using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Media.Interop;

namespace Broadcast3D.Media;

/// <summary>
/// <c>b3d doctor</c>: loads FFmpeg for real, reports library versions (from av*_version()) and whether the decoders,
/// encoders and protocols the engine uses exist in this build.
/// </summary>
public sealed unsafe class FFmpegCheck : ISystemCheck
{
    private const string Category = "FFmpeg";

    public IReadOnlyList<DiagnosticItem> Run()
    {
        FFmpegAvailability a = FFmpegLibrary.Availability;
        if (!a.IsAvailable)
            return [DiagnosticItem.Missing(Category, "libraries", a.Detail)];
        var items = new List<DiagnosticItem>
        {
            DiagnosticItem.Ok(Category, "libavutil", FFmpegLibrary.FormatVersion(a.AvUtil)),
            DiagnosticItem.Ok(Category, "libavcodec", FFmpegLibrary.FormatVersion(a.AvCodec)),
            DiagnosticItem.Ok(Category, "libavformat", FFmpegLibrary.FormatVersion(a.AvFormat)),
            DiagnosticItem.Ok(Category, "libswscale", FFmpegLibrary.FormatVersion(a.SwScale)),
        };
        foreach (string name in (string[])["h264", "hevc", "vp9", "prores", "png", "mjpeg"])
            items.Add(Codec($"decoder {name}", LibAvCodec.FindDecoderByName(name) != null, required: name is "h264" or "png"));
        foreach (string name in (string[])["libx264", "libx265", "prores_ks", "png", "mjpeg"])
            items.Add(Codec($"encoder {name}", LibAvCodec.FindEncoderByName(name) != null, required: name is "libx264" or "png"));
        string? cuda = CudaDecoding.TryCreateDevice(LibAvCodec.FindDecoderByName("h264"), out nint device);
        LibAvUtil.BufferUnref(&device);
        items.Add(cuda is null
            ? DiagnosticItem.Ok(Category, "hwaccel cuda", "NVDEC decoding available", required: false)
            : DiagnosticItem.Warning(Category, "hwaccel cuda", $"decoding falls back to software: {cuda}"));
        HashSet<string> outputs = Protocols(output: true);
        foreach (string p in (string[])["srt", "rtmp", "udp"])
        {
            items.Add(outputs.Contains(p)
                ? DiagnosticItem.Ok(Category, $"protocol {p}", "available for output", required: false)
                : DiagnosticItem.Warning(Category, $"protocol {p}", $"this FFmpeg build has no {p} output: use Debian's ffmpeg packages"));
        }
        return items;
    }

    private static DiagnosticItem Codec(string name, bool present, bool required)
    {
        if (present)
            return DiagnosticItem.Ok(Category, name, "available", required);
        string what = $"missing from this FFmpeg build; {FFmpegLibrary.InstallHint}";
        return required ? DiagnosticItem.Missing(Category, name, what) : DiagnosticItem.Warning(Category, name, what);
    }

    private static HashSet<string> Protocols(bool output)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        void* opaque = null;
        byte* name;
        while ((name = LibAvFormat.IoEnumProtocols(&opaque, output ? 1 : 0)) != null)
            names.Add(FFmpegError.Utf8(name));
        return names;
    }
}
