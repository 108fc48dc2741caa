using System.CommandLine;
using Broadcast3D.Engine.Privacy;
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
        var privacy = new PrivacyOptions();
        privacy.AddTo(command);
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(to)!, parse.GetValue(output)!, parse.GetValue(stretch), privacy, parse));
        return command;
    }

    private static int Run(string input, string to, string output, bool stretch, PrivacyOptions privacy, ParseResult parse)
    {
        string format = to.ToLowerInvariant();
        if (format is not ("c3d" or "bvh" or "gltf" or "csv" or "mot"))
        {
            throw new InputFormatException(input, $"--to {to}: unknown format (expected c3d, bvh, gltf, csv or mot)");
        }

        // Consent first: a refused identity leaves nothing written (issue #21).
        ExportSubject? subject = privacy.Subject(parse, Consents.Export, "export");
        AuditLog audit = privacy.Audit(parse);
        TrcData trc = MarkerInput.Read(input);
        switch (format)
        {
            case "c3d":
                C3dData c3d = C3dTrc.FromTrc(trc, input);
                if (subject is not null)
                {
                    // SUBJECTS is the C3D standard's group for who was captured; PRIVACY carries the consent basis.
                    c3d.Parameters.Set("SUBJECTS", C3dParameter.Int16("USES", [1], "subjects in the trial", scalar: true));
                    c3d.Parameters.Set("SUBJECTS", C3dParameter.Strings("NAMES", [subject.Subject], subject.Pseudonymised ? "pseudonym" : "name"));
                    c3d.Parameters.Set("PRIVACY", C3dParameter.String("CONSENT", subject.Basis, "the consent this file is written on"));
                }
                C3dFile.Write(c3d, output);
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
                // Comment lines ahead of the header (pandas: comment="#"), only when a subject is named.
                File.WriteAllText(output, (subject is null ? "" : $"# subject: {subject.Subject}\n# consent: {subject.Basis}\n") + MarkerCsv.Format(trc));
                break;
            default:
                string mot = TrialAnalysis.Mot(trc, JointAngles.Compute(trc), subject?.Subject ?? Path.GetFileNameWithoutExtension(input));
                // OpenSim reads key=value header lines it does not know and ignores them.
                if (subject is not null)
                    mot = mot.Replace("endheader\n", $"subject={subject.Subject}\nconsent={subject.Basis}\nendheader\n", StringComparison.Ordinal);
                File.WriteAllText(output, mot);
                break;
        }
        // BVH has no metadata and the glTF writer none of its own: the subject goes beside the file.
        if (subject is not null && format is "bvh" or "gltf")
        {
            File.WriteAllText(output + ".consent.json", System.Text.Json.JsonSerializer.Serialize(new { subject = subject.Subject, consent = subject.Basis }));
        }
        audit.Write(AuditLog.CommandLineUser, "export", Path.GetFullPath(output),
            $"{format} of {Path.GetFullPath(input)}; subject {(subject is null ? "not named (no --consent)" : subject.Subject)}");

        Console.Out.WriteLine($"{input}: {trc.FrameCount} frames × {trc.MarkerCount} markers → {output}");
        return 0;
    }
}
