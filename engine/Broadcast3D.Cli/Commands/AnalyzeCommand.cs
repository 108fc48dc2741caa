using System.CommandLine;
using Broadcast3D.Tracking.Biomechanics;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Cli.Commands;

/// <summary><c>b3d analyze INPUT.trc|INPUT.c3d --out DIR [--mass KG]</c>: joint angles, velocities, centre of mass and events.</summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = MarkerInput.Description };
        var output = new Option<string>("--out") { Description = "Folder for the CSV, .mot and events.json.", Required = true };
        Option<double> mass = CliChecks.MassOption();
        var command = new Command("analyze", "Joint angles, marker and centre-of-mass kinematics, and events of a TRC.") { input, output, mass };
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(mass)));
        return command;
    }

    private static int Run(string input, string output, double mass)
    {
        CliChecks.MassKg(mass);

        TrcData trc = MarkerInput.Read(input);
        foreach (string path in TrialAnalysis.Run(trc, input, output, mass))
        {
            Console.Out.WriteLine($"wrote {path}");
        }

        return 0;
    }
}
