using System.Text.Json;
using Broadcast3D.Cli;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Cli.Tests;

/// <summary><c>b3d export</c>, <c>b3d convert</c> and <c>b3d analyze</c> through the real CLI (issue #17).</summary>
public class BiomechanicsCliTests
{
    private static string ReferenceTrc => Path.Combine(SharedAssets.BalancingTrial, "pose-3d", "S00_P00_T01_BalancingTrial_0-100_filt_butterworth.trc");

    private static ProcessRunner.Result B3d(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args], TimeSpan.FromMinutes(2));

    [Test]
    public void ExportConvert_TrcToC3dToTrcToC3d_C3dBytesIdentical()
    {
        using var tmp = new TempFolder();
        ProcessRunner.Result a = B3d("export", ReferenceTrc, "--to", "c3d", "--out", tmp.File("a.c3d"));
        Assert.That(a.ExitCode, Is.Zero, a.StdErr);
        ProcessRunner.Result b = B3d("convert", tmp.File("a.c3d"), "--to", "trc", "--out", tmp.File("b.trc"));
        Assert.That(b.ExitCode, Is.Zero, b.StdErr);
        ProcessRunner.Result c = B3d("export", tmp.File("b.trc"), "--to", "c3d", "--out", tmp.File("c.c3d"));
        Assert.That(c.ExitCode, Is.Zero, c.StdErr);

        Assert.That(File.ReadAllBytes(tmp.File("c.c3d")), Is.EqualTo(File.ReadAllBytes(tmp.File("a.c3d"))));
        TrcData original = TrcFile.Read(ReferenceTrc), back = TrcFile.Read(tmp.File("b.trc"));
        Assert.That(back.MarkerNames, Is.EqualTo(original.MarkerNames));
        for (int i = 0; i < original.Coordinates.Length; i++)
            Assert.That(back.Coordinates[i], Is.EqualTo(original.Coordinates[i]).Within(Math.Abs(original.Coordinates[i]) * 1.2e-7));
    }

    [Test]
    public void ExportConvert_TrcToStretchBvhToTrc_JointsAtTheMarkers()
    {
        using var tmp = new TempFolder();
        ProcessRunner.Result a = B3d("export", ReferenceTrc, "--to", "bvh", "--stretch", "--out", tmp.File("a.bvh"));
        Assert.That(a.ExitCode, Is.Zero, a.StdErr);
        Assert.That(a.StdOut, Does.Contain("forward-kinematics error"));
        ProcessRunner.Result b = B3d("convert", tmp.File("a.bvh"), "--to", "trc", "--out", tmp.File("b.trc"));
        Assert.That(b.ExitCode, Is.Zero, b.StdErr);

        TrcData original = TrcFile.Read(ReferenceTrc), joints = TrcFile.Read(tmp.File("b.trc"));
        double worst = 0;
        for (int m = 0; m < original.MarkerCount; m++)
        {
            int j = joints.MarkerNames.ToList().IndexOf(original.MarkerNames[m]);
            Assert.That(j, Is.GreaterThanOrEqualTo(0), original.MarkerNames[m]);
            for (int f = 0; f < original.FrameCount; f++)
                for (int axis = 0; axis < 3; axis++)
                    worst = Math.Max(worst, Math.Abs(joints[f, j, axis] - original[f, m, axis]));
        }

        Assert.That(worst, Is.LessThan(1e-4), "metres; BVH text has 6 decimals");
    }

    [Test]
    public void Export_Gltf_WritesABinaryGlbThatSharpGltfValidates()
    {
        using var tmp = new TempFolder();
        ProcessRunner.Result r = B3d("export", ReferenceTrc, "--to", "gltf", "--out", tmp.File("a.glb"));
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);

        var model = SharpGLTF.Schema2.ModelRoot.Load(tmp.File("a.glb"), new SharpGLTF.Schema2.ReadSettings { Validation = SharpGLTF.Validation.ValidationMode.Strict });
        Assert.That(model.LogicalAnimations, Has.Count.EqualTo(1));
        Assert.That(model.LogicalNodes.Select(n => n.Name), Does.Contain("RKnee").And.Contain("Hips"));
    }

    [Test]
    public void Export_UnknownFormat_FailsNamingIt()
    {
        using var tmp = new TempFolder();
        ProcessRunner.Result r = B3d("export", ReferenceTrc, "--to", "fbx", "--out", tmp.File("x.fbx"));

        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("ERR b3d export:").And.Contain("--to fbx: unknown format"));
    }

    [Test]
    public void Convert_CorruptC3d_FailsNamingFileAndField()
    {
        using var tmp = new TempFolder();
        File.WriteAllBytes(tmp.File("bad.c3d"), new byte[1024]);

        ProcessRunner.Result r = B3d("convert", tmp.File("bad.c3d"), "--to", "trc", "--out", tmp.File("x.trc"));

        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("ERR b3d convert:").And.Contain("bad.c3d: header byte 2"));
        Assert.That(File.Exists(tmp.File("x.trc")), Is.False);
    }

    [Test]
    public void Convert_TruncatedBvh_FailsNamingLine()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("cut.bvh"), "HIERARCHY\nROOT Hips\n{\nOFFSET 0 0 0\nCHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation\n}\nMOTION\nFrames: 2\nFrame Time: 0.01\n1 2 3 4 5 6\n");

        ProcessRunner.Result r = B3d("convert", tmp.File("cut.bvh"), "--to", "trc", "--out", tmp.File("x.trc"));

        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("cut.bvh: line").And.Contain("motion frame 2 of 2"));
    }

    [TestCase("analyze", "0")]
    [TestCase("report", "65000")]
    public void MassOutOfRange_RefusedNamingTheOptionBeforeAnyWork(string command, string mass)
    {
        using var tmp = new TempFolder();
        string output = tmp.File(command == "report" ? "report.html" : "out");
        ProcessRunner.Result r = B3d(command, ReferenceTrc, "--out", output, "--mass", mass);
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr, Does.Contain($"--mass {mass}: give the athlete's mass in kg"));
        Assert.That(File.Exists(output) || Directory.Exists(output), Is.False, "nothing written");
    }

    [Test]
    public void Analyze_ReferenceTrc_WritesCsvMotAndEventsWithUnits()
    {
        using var tmp = new TempFolder();
        ProcessRunner.Result r = B3d("analyze", ReferenceTrc, "--out", tmp.File("out"), "--mass", "65");
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);

        string name = Path.GetFileNameWithoutExtension(ReferenceTrc);
        string[] csv = File.ReadAllLines(tmp.File($"out/{name}_kinematics.csv"));
        string[] header = csv[0].Split(',');
        Assert.Multiple(() =>
        {
            Assert.That(header[..3], Is.EqualTo(new[] { "frame", "time_s", "right_hip_flexion_deg" }));
            Assert.That(header, Does.Contain("com_speed_m_s").And.Contain("RAnkle_acceleration_m_s2"));
            Assert.That(csv, Has.Length.EqualTo(101));
            Assert.That(csv[50].Split(',')[Array.IndexOf(header, "right_knee_flexion_deg")], Is.Not.Empty);
            Assert.That(csv[1].Split(',')[Array.IndexOf(header, "com_speed_m_s")], Is.Empty, "no central difference at the first frame");
        });
        string[] mot = File.ReadAllLines(tmp.File($"out/{name}_angles.mot"));
        Assert.That(mot, Does.Contain("inDegrees=yes").And.Contain("endheader"));
        using JsonDocument events = JsonDocument.Parse(File.ReadAllText(tmp.File("out/events.json")));
        Assert.That(events.RootElement.GetProperty("massKg").GetDouble(), Is.EqualTo(65));
        Assert.That(events.RootElement.GetProperty("movement").GetString(), Is.EqualTo("other"), "a balancing trial is not gait");
        Assert.That(events.RootElement.GetProperty("segmentMassesKg").GetProperty("trunk").GetDouble(), Is.EqualTo(0.4346 * 65).Within(1e-3));
    }

    [Test]
    public void Analyze_TrcWithoutKneeValues_LeavesKneeAnglesEmpty()
    {
        using var tmp = new TempFolder();
        TrcData trc = TrcFile.Read(ReferenceTrc);
        int knee = trc.MarkerNames.ToList().IndexOf("RKnee");
        for (int f = 0; f < trc.FrameCount; f++)
            for (int a = 0; a < 3; a++)
                trc.Coordinates[(((f * trc.MarkerCount) + knee) * 3) + a] = double.NaN;
        TrcFile.Write(trc, tmp.File("noknee.trc"));

        ProcessRunner.Result r = B3d("analyze", tmp.File("noknee.trc"), "--out", tmp.File("out"));

        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        string[] csv = File.ReadAllLines(tmp.File("out/noknee_kinematics.csv"));
        int column = Array.IndexOf(csv[0].Split(','), "right_knee_flexion_deg");
        Assert.That(csv.Skip(1).Select(l => l.Split(',')[column]), Has.All.Empty);
        int left = Array.IndexOf(csv[0].Split(','), "left_knee_flexion_deg");
        Assert.That(csv.Skip(1).Select(l => l.Split(',')[left]), Has.None.Empty);
    }

    [Test]
    public void Analyze_TrcWithoutHips_FailsNamingTheMarkers()
    {
        using var tmp = new TempFolder();
        TrcFile.Write(TrcData.FromWorldZUp(["A"], [0, 0, 0], 1, 60), tmp.File("a.trc"));

        ProcessRunner.Result r = B3d("analyze", tmp.File("a.trc"), "--out", tmp.File("out"));

        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("ERR b3d analyze:").And.Contain("a.trc").And.Contain("RHip and LHip"));
    }

    [Test]
    public void AnalyzeReportExport_C3dWrittenFromTheTrc_SameAnglesAsTheTrc()
    {
        using var tmp = new TempFolder();
        File.Copy(ReferenceTrc, tmp.File("trial.trc"));
        ProcessRunner.Result c3d = B3d("export", ReferenceTrc, "--to", "c3d", "--out", tmp.File("trial.c3d"));
        Assert.That(c3d.ExitCode, Is.Zero, c3d.StdErr);

        ProcessRunner.Result fromTrc = B3d("analyze", tmp.File("trial.trc"), "--out", tmp.File("trc"));
        ProcessRunner.Result fromC3d = B3d("analyze", tmp.File("trial.c3d"), "--out", tmp.File("c3d"));
        Assert.That(fromTrc.ExitCode, Is.Zero, fromTrc.StdErr);
        Assert.That(fromC3d.ExitCode, Is.Zero, fromC3d.StdErr);

        string[] a = File.ReadAllLines(tmp.File("trc/trial_kinematics.csv")), b = File.ReadAllLines(tmp.File("c3d/trial_kinematics.csv"));
        string[] header = a[0].Split(',');
        Assert.That(b[0], Is.EqualTo(a[0]), "same columns");
        Assert.That(b, Has.Length.EqualTo(a.Length));
        int[] angles = [.. Enumerable.Range(0, header.Length).Where(c => header[c].EndsWith("_deg", StringComparison.Ordinal))];
        Assert.That(angles, Has.Length.GreaterThan(10));
        double worst = 0;
        for (int row = 1; row < a.Length; row++)
        {
            string[] x = a[row].Split(','), y = b[row].Split(',');
            foreach (int c in angles)
            {
                Assert.That(y[c] == "", Is.EqualTo(x[c] == ""), $"{header[c]} row {row}: empty in one file only");
                if (x[c] != "")
                    worst = Math.Max(worst, Math.Abs(double.Parse(x[c], System.Globalization.CultureInfo.InvariantCulture) - double.Parse(y[c], System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        TestContext.Out.WriteLine($"angles from C3D vs TRC: max difference {worst:G3} deg over {angles.Length} angle columns");
        // The C3D holds float32 coordinates (relative 6e-8); angles agree far below the CSV's printed precision.
        Assert.That(worst, Is.LessThan(1e-3), "degrees");

        ProcessRunner.Result report = B3d("report", tmp.File("trial.c3d"), "--out", tmp.File("report.html"));
        Assert.That(report.ExitCode, Is.Zero, report.StdErr);
        Assert.That(File.ReadAllText(tmp.File("report.html")), Does.Contain("<svg"));
        ProcessRunner.Result bvh = B3d("export", tmp.File("trial.c3d"), "--to", "bvh", "--out", tmp.File("trial.bvh"));
        Assert.That(bvh.ExitCode, Is.Zero, bvh.StdErr);
        Assert.That(bvh.StdOut, Does.Contain("forward-kinematics error"));
    }

    [TestCase("analyze", "--out", "out")]
    [TestCase("report", "--out", "r.html")]
    [TestCase("export", "--to", "csv")]
    public void MarkerInput_UnknownExtension_FailsNamingTheFileAndTheAcceptedTypes(string command, string option, string value)
    {
        using var tmp = new TempFolder();
        File.Copy(ReferenceTrc, tmp.File("trial.txt"));
        string[] args = command == "export"
            ? [command, tmp.File("trial.txt"), option, value, "--out", tmp.File("x.csv")]
            : [command, tmp.File("trial.txt"), option, tmp.File(value)];

        ProcessRunner.Result r = B3d(args);

        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr, Does.Contain($"ERR b3d {command}:").And.Contain("trial.txt").And.Contain("expected a .trc or .c3d file"));
    }
}
