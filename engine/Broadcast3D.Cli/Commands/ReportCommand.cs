using System.CommandLine;
using Broadcast3D.Cli.Reports;
using Broadcast3D.Tracking.Biomechanics;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Cli.Commands;

/// <summary><c>b3d report INPUT.trc|INPUT.c3d --out report.html [--mass KG]</c>: a self-contained HTML report of one athlete.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = MarkerInput.Description };
        var output = new Option<string>("--out") { Description = "HTML file to write.", Required = true };
        Option<double> mass = CliChecks.MassOption();
        var command = new Command("report", "Write a self-contained HTML report (angle curves, speed, events, provenance) of a TRC.") { input, output, mass };
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(mass)));
        return command;
    }

    private static int Run(string input, string output, double mass)
    {
        CliChecks.MassKg(mass);

        output = CliChecks.OutputFile(output);
        TrcData trc = MarkerInput.Read(input);
        var markers = new MarkerSet(trc);
        if (!markers.Has("RHip") || !markers.Has("LHip"))
        {
            throw new InputFormatException(input, "the report needs the Pose2Sim markers RHip and LHip");
        }

        File.WriteAllText(output, TrialReport.Build(trc, input, mass));
        Console.Out.WriteLine($"wrote {output}");
        return 0;
    }
}
