namespace Broadcast3D.Media.Interop;

/// <summary>
/// Whether FFmpeg loaded with supported major versions; when not, <see cref="Detail"/> says what to install.
/// Versions are <c>AV_VERSION_INT</c> values (major &lt;&lt; 16 | minor &lt;&lt; 8 | micro).
/// </summary>
internal sealed record FFmpegAvailability(bool IsAvailable, string Detail, uint AvUtil, uint AvCodec, uint AvFormat, uint SwScale)
{
    public static FFmpegAvailability Available(uint avutil, uint avcodec, uint avformat, uint swscale) =>
        new(true,
            $"libavutil {FFmpegLibrary.FormatVersion(avutil)}, libavcodec {FFmpegLibrary.FormatVersion(avcodec)}, " +
            $"libavformat {FFmpegLibrary.FormatVersion(avformat)}, libswscale {FFmpegLibrary.FormatVersion(swscale)}",
            avutil, avcodec, avformat, swscale);

    public static FFmpegAvailability NotAvailable(string detail) => new(false, detail, 0, 0, 0, 0);
}
