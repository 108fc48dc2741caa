using System.CommandLine;
using Broadcast3D.Cli.Reports;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.Tracking.Biomechanics;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Cli.Commands;

/// <summary><c>b3d report INPUT.trc|INPUT.c3d --out report.html [--mass KG] [--videos DIR --calib FILE [--camera NAME] [--blur untracked|none]]</c>: a self-contained HTML report of one athlete.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = MarkerInput.Description };
        var output = new Option<string>("--out") { Description = "HTML file to write.", Required = true };
        Option<double> mass = CliChecks.MassOption();
        var videos = new Option<string?>("--videos") { Description = "Folder of the trial's camera videos (one per camera, sorted by name in the calibration's order): adds key-frame stills with the skeleton. Needs --calib." };
        var calib = new Option<string?>("--calib") { Description = "Calibration TOML (anipose/Pose2Sim layout) of those videos." };
        var camera = new Option<string?>("--camera") { Description = "Calibration camera name to draw the stills from (default: the first)." };
        var blur = new Option<string>("--blur")
        {
            Description = "Who is blurred in the stills: untracked (everything but the reported athlete, the default: other people there did not consent) or none.",
            DefaultValueFactory = _ => "untracked",
        };
        blur.AcceptOnlyFromAmong("untracked", "none");
        var command = new Command("report", "Write a self-contained HTML report (angle curves, speed, events, key-frame stills, provenance) of a TRC or C3D.")
        {
            input, output, mass, videos, calib, camera, blur,
        };
        var privacy = new PrivacyOptions();
        privacy.AddTo(command);
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(mass), parse.GetValue(videos), parse.GetValue(calib), parse.GetValue(camera),
            parse.GetValue(blur) != "none", privacy, parse));
        return command;
    }

    private static int Run(string input, string output, double mass, string? videos, string? calib, string? camera, bool blurOthers, PrivacyOptions privacy, ParseResult parse)
    {
        CliChecks.MassKg(mass);
        if ((videos is null) != (calib is null) || (camera is not null && videos is null))
        {
            throw new UsageException("--videos and --calib go together (and --camera with them): the stills are the videos' frames drawn through the calibration");
        }

        output = CliChecks.OutputFile(output);
        // A report is analysis of the person: refused, before anything is written, without that consent (issue #21).
        ExportSubject? subject = privacy.Subject(parse, Consents.Analysis, "report");
        AuditLog audit = privacy.Audit(parse);
        TrcData trc = MarkerInput.Read(input);
        var markers = new MarkerSet(trc);
        if (!markers.Has("RHip") || !markers.Has("LHip"))
        {
            throw new InputFormatException(input, "the report needs the Pose2Sim markers RHip and LHip");
        }

        StillSource? stills = videos is null ? null : new StillSource(videos, calib!, camera, blurOthers);
        string html = TrialReport.Build(trc, input, mass, stills);
        if (subject is not null)
        {
            html = html.Replace("<head>", $"<head>\n<meta name=\"b3d-subject\" content=\"{System.Net.WebUtility.HtmlEncode(subject.Subject)}\">" +
                                          $"\n<meta name=\"b3d-consent\" content=\"{System.Net.WebUtility.HtmlEncode(subject.Basis)}\">", StringComparison.Ordinal);
        }
        File.WriteAllText(output, html);
        audit.Write(AuditLog.CommandLineUser, "report", Path.GetFullPath(output),
            $"report of {Path.GetFullPath(input)}; subject {(subject is null ? "not named (no --consent)" : subject.Subject)}");
        Console.Out.WriteLine($"wrote {output}");
        return 0;
    }
}
