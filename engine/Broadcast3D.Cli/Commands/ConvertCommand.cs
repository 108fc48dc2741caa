using System.CommandLine;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Cli.Commands;

/// <summary><c>b3d convert FILE.c3d|FILE.bvh --to trc --out FILE.trc</c>: motion-capture files to a Y-up TRC.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "A .c3d or .bvh file." };
        var to = new Option<string>("--to") { Description = "Output format: trc.", Required = true };
        var output = new Option<string>("--out") { Description = "File to write.", Required = true };
        var command = new Command("convert", "Convert a C3D or BVH file to TRC.") { input, to, output };
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(to)!, parse.GetValue(output)!));
        return command;
    }

    private static int Run(string input, string to, string output)
    {
        if (!string.Equals(to, "trc", StringComparison.OrdinalIgnoreCase))
        {
            throw new InputFormatException(input, $"--to {to}: convert writes trc (use b3d export for c3d, bvh, csv, mot)");
        }

        TrcData trc = Path.GetExtension(input).ToLowerInvariant() switch
        {
            ".c3d" => C3dTrc.ToTrc(C3dFile.Read(input), Path.GetFileName(output)),
            ".bvh" => FromBvh(BvhFile.Read(input), Path.GetFileName(output)),
            _ => throw new InputFormatException(input, "unknown input type (expected .c3d or .bvh)"),
        };
        TrcFile.Write(trc, output);
        Console.Out.WriteLine($"{input}: {trc.FrameCount} frames × {trc.MarkerCount} markers at {trc.DataRate} Hz → {output}");
        return 0;
    }

    // Joint world positions by forward kinematics, one marker per joint (End Sites are not markers).
    private static TrcData FromBvh(BvhData bvh, string fileName)
    {
        int n = bvh.Joints.Count;
        var coordinates = new double[bvh.FrameCount * n * 3];
        for (int f = 0; f < bvh.FrameCount; f++)
        {
            Vector3d[] p = bvh.ForwardKinematics(f);
            for (int j = 0; j < n; j++)
            {
                int i = ((f * n) + j) * 3;
                coordinates[i] = p[j].X;
                coordinates[i + 1] = p[j].Y;
                coordinates[i + 2] = p[j].Z;
            }
        }

        double rate = bvh.FrameTimeSeconds > 0 ? 1 / bvh.FrameTimeSeconds : 1;
        int[] frames = [.. Enumerable.Range(1, bvh.FrameCount)];
        return new TrcData([.. bvh.Joints.Select(j => j.Name)], rate, frames, [.. frames.Select(f => f / rate)], coordinates) { FileName = fileName };
    }
}
