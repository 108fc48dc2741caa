using System.CommandLine;
using Broadcast3D.Tracking.Biomechanics;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Cli.Commands;

/// <summary><c>b3d analyze INPUT.trc --out DIR [--mass KG]</c>: joint angles, velocities, centre of mass and events.</summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "TRC file of one athlete (Pose2Sim markers, Y-up)." };
        var output = new Option<string>("--out") { Description = "Folder for the CSV, .mot and events.json.", Required = true };
        var mass = new Option<double>("--mass") { Description = "Body mass in kg (segment masses, de Leva 1996).", DefaultValueFactory = _ => TrialAnalysis.DefaultMassKg };
        var command = new Command("analyze", "Joint angles, marker and centre-of-mass kinematics, and events of a TRC.") { input, output, mass };
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(mass)));
        return command;
    }

    private static int Run(string input, string output, double mass)
    {
        if (!(mass > 0) || mass > 500)
        {
            throw new InputFormatException(input, $"--mass {mass}: give the athlete's mass in kg (0 < mass ≤ 500)");
        }

        TrcData trc = TrcFile.Read(input);
        foreach (string path in TrialAnalysis.Run(trc, input, output, mass))
        {
            Console.Out.WriteLine($"wrote {path}");
        }

        return 0;
    }
}
