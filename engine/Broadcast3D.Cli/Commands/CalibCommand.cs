using System.CommandLine;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Cli.Commands;

/// <summary><c>b3d calib convert --from qualisys IN.qca.txt --out OUT.toml</c>: calibration format conversion.</summary>
internal static class CalibCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "Source format (qualisys).", Required = true };
        from.AcceptOnlyFromAmong("qualisys");
        var output = new Option<string>("--out") { Description = "Calibration TOML to write (anipose/Pose2Sim layout, metres).", Required = true };
        var distortion = new Option<string>("--distortion")
        {
            Description = "raw: keep QTM's distortion coefficients (default, physically right); pose2sim: divide them by 64 as Pose2Sim does.",
            DefaultValueFactory = _ => "raw",
        };
        distortion.AcceptOnlyFromAmong("raw", "pose2sim");
        var binning = new Option<int>("--binning") { Description = "Sensor binning factor (2 when filming in 540p).", DefaultValueFactory = _ => 1 };
        var input = new Argument<string>("input") { Description = "The Qualisys .qca.txt calibration export." };

        var convert = new Command("convert", "Convert a calibration from another tool to the anipose/Pose2Sim TOML.")
        {
            from, output, distortion, binning, input,
        };
        convert.SetAction(parse => Convert(
            parse.GetValue(input)!, parse.GetValue(output)!,
            parse.GetValue(distortion) == "pose2sim" ? QualisysDistortion.Pose2Sim : QualisysDistortion.Raw,
            parse.GetValue(binning)));

        return new Command("calib", "Camera calibration tools.") { convert, CalibIntrinsicsCommand.Create(), CalibExtrinsicsCommand.Create(), CalibCheckCommand.Create() };
    }

    private static int Convert(string input, string output, QualisysDistortion distortion, int binning)
    {
        if (binning < 1)
        {
            throw new UsageException($"--binning {binning}: give the sensor binning factor, 1 or more");
        }

        CameraRig calibration = QualisysCalibration.Read(input, distortion, binning);
        CalibrationToml.Write(calibration, CliChecks.OutputFile(output));
        Console.Out.WriteLine($"Wrote {output}: {calibration.Count} cameras ({string.Join(", ", calibration.Cameras.Select(c => c.Name))}), " +
                              $"translations in metres, distortion {(distortion == QualisysDistortion.Raw ? "as in QTM (raw)" : "divided by 64 (Pose2Sim)")}.");
        return 0;
    }
}
