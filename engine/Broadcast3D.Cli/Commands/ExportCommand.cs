using System.CommandLine;
using Broadcast3D.Tracking.Biomechanics;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Cli.Commands;

/// <summary><c>b3d export INPUT.trc|INPUT.c3d --to c3d|bvh|gltf|csv|mot --out FILE</c>: a TRC in the formats federations use.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = MarkerInput.Description };
        var to = new Option<string>("--to") { Description = "c3d (float, Z-up), bvh (fitted skeleton), gltf (the same skeleton animated; .glb or .gltf), csv (tidy markers) or mot (OpenSim joint angles).", Required = true };
        var output = new Option<string>("--out") { Description = "File to write.", Required = true };
        var stretch = new Option<bool>("--stretch") { Description = "BVH/glTF: add per-frame position channels that stretch each bone to the frame's marker distance (reproduces the markers; default: rigid bones of the trial-median lengths, rotations solved by inverse kinematics)." };
        var command = new Command("export", "Export a TRC to C3D, BVH, glTF, CSV or OpenSim .mot.") { input, to, output, stretch };
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(to)!, parse.GetValue(output)!, parse.GetValue(stretch)));
        return command;
    }

    private static int Run(string input, string to, string output, bool stretch)
    {
        string format = to.ToLowerInvariant();
        if (format is not ("c3d" or "bvh" or "gltf" or "csv" or "mot"))
        {
            throw new InputFormatException(input, $"--to {to}: unknown format (expected c3d, bvh, gltf, csv or mot)");
        }

        TrcData trc = MarkerInput.Read(input);
        switch (format)
        {
            case "c3d":
                C3dFile.Write(C3dTrc.FromTrc(trc, input), output);
                break;
            case "bvh":
                BvhData bvh = BvhSkeletonFitter.Fit(trc, input, stretch);
                BvhFile.Write(bvh, output);
                double[] errors = BvhReconstruction.Errors(BvhFile.Read(output), trc);
                Console.Out.WriteLine(FormattableString.Invariant(
                    $"BVH forward-kinematics error against the TRC ({trc.Units}): median {BvhReconstruction.Quantile(errors, 0.5):G4}, p90 {BvhReconstruction.Quantile(errors, 0.9):G4}, max {(errors.Length > 0 ? errors.Max() : double.NaN):G4}"));
                break;
            case "gltf":
                GltfSkeleton.Write(BvhSkeletonFitter.Fit(trc, input, stretch), output);
                break;
            case "csv":
                File.WriteAllText(output, MarkerCsv.Format(trc));
                break;
            default:
                File.WriteAllText(output, TrialAnalysis.Mot(trc, JointAngles.Compute(trc), Path.GetFileNameWithoutExtension(input)));
                break;
        }

        Console.Out.WriteLine($"{input}: {trc.FrameCount} frames × {trc.MarkerCount} markers → {output}");
        return 0;
    }
}
