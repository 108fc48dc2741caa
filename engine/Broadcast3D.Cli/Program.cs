using System.CommandLine;
using Broadcast3D.Cli.Commands;

namespace Broadcast3D.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
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
            ConvertCommand.Create(),
            ExportCommand.Create(),
            AnalyzeCommand.Create(),
            ReportCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
