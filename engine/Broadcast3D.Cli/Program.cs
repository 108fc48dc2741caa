using System.CommandLine;
using Broadcast3D.Cli.Commands;
using Broadcast3D.Cli.Logging;
using Serilog;
using Spectre.Console;

namespace Broadcast3D.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        // Tables and markup written to a file or a pipe carry no colour codes (logs, CI, `b3d probe x > out.txt`);
        // NO_COLOR (no-color.org) asks the same on a terminal.
        if (Console.IsOutputRedirected || Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 })
        {
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(Console.Out),
            });
        }
        var root = new RootCommand("Broadcast3D: multi-camera 3D athlete tracking and broadcast graphics.")
        {
            DoctorCommand.Create(),
            DemoCommand.Create(),
            RunCommand.Create(),
            CalibCommand.Create(),
            SyncCommand.Create(),
            TriangulateCommand.Create(),
            Pose2dCommand.Create(),
            ProbeCommand.Create(),
            RenderTestCommand.Create(),
            ConvertCommand.Create(),
            ExportCommand.Create(),
            AnalyzeCommand.Create(),
            ReportCommand.Create(),
            PluginsCommand.Create(),
            ReplayCommand.Create(),
            RetentionCommand.Create(),
            MeshCommand.Create(),
            NodeCommand.Create(),
        };
        return Invoke(root, args);
    }

    /// <summary>
    /// Parses <paramref name="args"/> against <paramref name="root"/> (the global logging options are added here),
    /// configures the logger and invokes the command. This is the one place where an exception that leaves a
    /// command becomes an exit code and one line on the terminal (<see cref="CliErrors"/>); an unexpected one also
    /// leaves its stack trace in the log file. The logger is closed on return.
    /// </summary>
    internal static int Invoke(RootCommand root, string[] args)
    {
        root.Options.Add(CliLogging.LevelOption);
        root.Options.Add(CliLogging.FileOption);

        ParseResult parse = root.Parse(args);
        string command = string.Join(' ', CommandPath(parse.CommandResult));
        try
        {
            if (parse.Errors.Count == 0 && CliLogging.Configure(parse) is { } logFileError)
            {
                Log.Error("b3d {Command:l}: {Error:l}", command, logFileError);
                return CliErrors.BadInput;
            }

            // Every command's exceptions come here (the default handler would print a stack trace).
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex)
        {
            (int code, bool expected) = CliErrors.Classify(ex);
            string line = CliErrors.Line(command, ex);
            if (expected)
            {
                Log.Error("{Line:l}", line);
            }
            else
            {
                // The console template has no {Exception}: one line there, the whole trace in the log file.
                Log.Error(ex, "{Line:l}{Where:l}", line,
                    CliLogging.LogFile is { } file ? $"; stack trace in {file}" : "; run again with --log-file FILE to keep the stack trace");
            }

            return code;
        }
        finally
        {
            CliLogging.Close();
        }
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is System.CommandLine.Parsing.CommandResult c && c.Parent is not null; r = c.Parent)
            names.Push(c.Command.Name);
        return names.Count == 0 ? ["b3d"] : names;
    }
}
