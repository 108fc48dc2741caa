using System.CommandLine;
using Broadcast3D.Cli.Commands;
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
            TriangulateCommand.Create(),
            Pose2dCommand.Create(),
            ProbeCommand.Create(),
            RenderTestCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
