using System.CommandLine;
using Serilog;
using Serilog.Events;
using Serilog.Sinks.SystemConsole.Themes;

namespace Broadcast3D.Cli.Logging;

/// <summary>
/// The global <c>--log-level</c> and <c>--log-file</c> options and the process logger they configure
/// (<see cref="Log.Logger"/>): standard error with a short timestamp, level and message (coloured only on a
/// terminal, never when redirected); the optional file gets full timestamps, every property (camera, source,
/// output) and stack traces. Library code logs through <see cref="Log.Logger"/>; FFmpeg and ONNX Runtime lines
/// are bridged into it by their wrappers.
/// </summary>
internal static class CliLogging
{
    private const string ConsoleTemplate = "{Timestamp:HH:mm:ss.fff} {Level:u3} {Message:lj}{NewLine}";
    private const string FileTemplate =
        "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext} {Message:lj} {Properties:j}{NewLine}{Exception}";

    private static readonly Dictionary<string, LogEventLevel> Levels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["verbose"] = LogEventLevel.Verbose,
        ["debug"] = LogEventLevel.Debug,
        ["information"] = LogEventLevel.Information,
        ["warning"] = LogEventLevel.Warning,
        ["error"] = LogEventLevel.Error,
    };

    /// <summary><c>--log-level</c>: the least severe level written (console and file).</summary>
    public static Option<string> LevelOption { get; } = CreateLevelOption();

    /// <summary><c>--log-file</c>: also write the log (with properties and stack traces) to this file, appended.</summary>
    public static Option<string?> FileOption { get; } = new("--log-file")
    {
        Description = "Also write the log to this file (appended; full timestamps, properties, stack traces).",
        Recursive = true,
    };

    /// <summary>The log file in use, or null.</summary>
    public static string? LogFile { get; private set; }

    /// <summary>
    /// Configures <see cref="Log.Logger"/> from the parsed options. Returns an error line when the log file
    /// cannot be written (the caller exits with it), else null.
    /// </summary>
    public static string? Configure(ParseResult parse)
    {
        LogEventLevel level = Levels[parse.GetValue(LevelOption) ?? "information"];
        string? file = parse.GetValue(FileOption);
        // Reset for a second invocation in the same process (the tests invoke in-process).
        LogFile = null;
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .WriteTo.Console(
                outputTemplate: ConsoleTemplate,
                standardErrorFromLevel: LogEventLevel.Verbose,
                theme: Console.IsErrorRedirected ? ConsoleTheme.None : AnsiConsoleTheme.Code,
                applyThemeToRedirectedOutput: false);
        if (!string.IsNullOrEmpty(file))
        {
            string full = Path.GetFullPath(file);
            try
            {
                // Opened once here so a wrong path is a clear error now, not a silent sink failure later.
                using (new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
                {
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                Log.Logger = configuration.CreateLogger();
                return $"--log-file {file}: cannot write the log file ({ex.Message})";
            }

            configuration = configuration.WriteTo.File(full, outputTemplate: FileTemplate, shared: true);
            LogFile = full;
        }

        Log.Logger = configuration.CreateLogger();
        return null;
    }

    private static Option<string> CreateLevelOption()
    {
        var option = new Option<string>("--log-level")
        {
            Description = "Least severe log level shown: verbose, debug, information, warning or error.",
            DefaultValueFactory = _ => "information",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong([.. Levels.Keys]);
        return option;
    }

    /// <summary>Flushes the file sink; call once before the process exits.</summary>
    public static void Close() => Log.CloseAndFlush();
}
