using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Serilog;
using Serilog.Events;

namespace Broadcast3D.Media.Interop;

/// <summary>
/// Routes FFmpeg's <c>av_log</c> through the process logger (Serilog's <see cref="Log.Logger"/>), so no raw
/// library line reaches the terminal. Levels: panic/fatal → Error; error and warning → Warning (the operation
/// that fails raises its own <see cref="MediaException"/>; FFmpeg's lines are what it recovered from, e.g.
/// "Invalid NAL unit size"); info → Debug; verbose/debug → Verbose. "Cannot load libcuda…" and the other lines of
/// AVHWDeviceContext are FFmpeg probing optional hardware whose absence <see cref="HardwareDecode"/> reports: Debug. The callback runs on
/// FFmpeg's threads; Serilog is thread-safe, and nothing may throw back into native code.
/// </summary>
internal static unsafe class FFmpegLog
{
    private const int LineSize = 1024;

    // FFmpeg keeps the prefix state between calls of one line split in parts; one state per thread.
    [ThreadStatic]
    private static int t_printPrefix;

    /// <summary>Installs the callback and sets FFmpeg's own level from the logger's: errors (and worse) at
    /// information and above, warnings and info from debug, everything from verbose.</summary>
    public static void Install()
    {
        ILogger log = Log.Logger;
        // Below debug, FFmpeg's own warnings stay off (as before the bridge): on live network streams the demuxers
        // warn per packet about things they handle, and each line costs a console write on the reader thread.
        int level = log.IsEnabled(LogEventLevel.Verbose) ? FFmpegConstants.AV_LOG_DEBUG
            : log.IsEnabled(LogEventLevel.Debug) ? FFmpegConstants.AV_LOG_INFO
            : FFmpegConstants.AV_LOG_ERROR;
        LibAvUtil.LogSetLevel(level);
        LibAvUtil.LogSetCallback(&Callback);
    }

    /// <summary>Our level for an FFmpeg line of <paramref name="component"/> (the AVClass name of its prefix).</summary>
    public static LogEventLevel Map(int level, string component, string message) => level switch
    {
        _ when component == "AVHWDeviceContext" || message.StartsWith("Cannot load lib", StringComparison.Ordinal) => LogEventLevel.Debug,
        <= FFmpegConstants.AV_LOG_FATAL => LogEventLevel.Error,
        <= FFmpegConstants.AV_LOG_WARNING => LogEventLevel.Warning,
        <= FFmpegConstants.AV_LOG_INFO => LogEventLevel.Debug,
        _ => LogEventLevel.Verbose,
    };

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Callback(void* avcl, int level, byte* fmt, void* vl)
    {
        try
        {
            // Nothing is formatted or allocated for a line the logger would drop (steady-state decoding must
            // allocate nothing); the text can only lower the level (see Map), so the level alone decides.
            if (!Log.Logger.IsEnabled(Map(level, "", "")))
                return;
            byte* line = stackalloc byte[LineSize];
            int printPrefix = t_printPrefix == 0 ? 1 : t_printPrefix;
            int length = LibAvUtil.LogFormatLine2(avcl, level, fmt, vl, line, LineSize, &printPrefix);
            t_printPrefix = printPrefix;
            if (length <= 0)
                return;
            string text = Encoding.UTF8.GetString(line, Math.Min(length, LineSize - 1)).TrimEnd('\n', '\r', ' ');
            if (text.Length == 0)
                return;
            // The prefix "[h264 @ 0x…] " names the component; the message after it decides the level.
            int close = text.StartsWith('[') ? text.IndexOf("] ", StringComparison.Ordinal) : -1;
            string message = close >= 0 ? text[(close + 2)..] : text;
            int at = close >= 0 ? text.IndexOf(" @ ", StringComparison.Ordinal) : -1;
            string component = at > 0 && at < close ? text[1..at] : "";
            Log.Logger.ForContext("SourceContext", "FFmpeg").Write(Map(level, component, message), "{FFmpegLine:l}", text);
        }
        catch (Exception ex)
        {
            // Never unwind into FFmpeg; a failing sink is the logger's own problem to report.
            Serilog.Debugging.SelfLog.WriteLine("FFmpeg log bridge: {0}", ex);
        }
    }
}
