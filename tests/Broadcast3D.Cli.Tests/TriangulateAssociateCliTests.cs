using Broadcast3D.Cli;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Cli.Tests;

/// <summary><c>b3d triangulate --associate</c> through the real process (issue #23): raw multi-person 2D to one TRC per person.</summary>
public class TriangulateAssociateCliTests
{
    private static ProcessRunner.Result B3d(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args], TimeSpan.FromMinutes(2));

    private static string RawPose => Path.Combine(SharedAssets.BalancingTrial, "pose");

    [Test]
    public void TriangulateAssociate_BalancingRawPose_WritesOneTrcPerPersonAndTheSummary()
    {
        using var tmp = new TempFolder();
        string output = Path.Combine(tmp.Path, "people");
        ProcessRunner.Result r = B3d("triangulate", "--calib", SharedAssets.CalibrationToml, "--pose2d", RawPose, "--associate", "--out", output);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        Assert.That(r.StdOut, Does.Contain("2 people in 100 frames").And.Contain("identity switches suspected"));

        string stem = Path.Combine(output, "S00_P00_T01_BalancingTrial_0-100");
        TrcData athlete = TrcFile.Read(stem + "_P1.trc");
        Assert.That(File.Exists(stem + "_P2.trc"), "the bystander's TRC");
        string[] summary = File.ReadAllLines(stem + "_people.tsv");
        Assert.That(summary, Has.Length.EqualTo(3), "header and two people");
        Assert.That(summary[1], Does.StartWith("P1\tS00_P00_T01_BalancingTrial_0-100_P1.trc\t0\t99\t100\t"));

        // The reference kept other detections than ours in frames 37 and 52 only (MultiPersonTrialTests says why).
        TrcData reference = TrcFile.Read(Path.Combine(SharedAssets.BalancingTrial, "pose-3d", "S00_P00_T01_BalancingTrial_0-100.trc"));
        Assert.That((athlete.FrameCount, athlete.MarkerCount), Is.EqualTo((reference.FrameCount, reference.MarkerCount)));
        int stride = athlete.MarkerCount * 3, compared = 0;
        double max = 0;
        for (int f = 0; f < athlete.FrameCount; f++)
        {
            if (f is 37 or 52)
                continue;
            for (int i = f * stride; i < (f + 1) * stride; i++, compared++)
            {
                double d = Math.Abs(athlete.Coordinates[i] - reference.Coordinates[i]);
                max = double.IsNaN(d) ? double.PositiveInfinity : Math.Max(max, d);
            }
        }
        Assert.That(compared, Is.EqualTo(98 * 21 * 3));
        Assert.That(max, Is.LessThanOrEqualTo(1e-12), "metres, through the TRC text");
    }

    [Test]
    public void TriangulateAssociate_MaxPeopleOne_WarnsAndWritesTheAthleteOnly()
    {
        using var tmp = new TempFolder();
        ProcessRunner.Result r = B3d("triangulate", "--calib", SharedAssets.CalibrationToml, "--pose2d", RawPose, "--associate", "--max-people", "1",
            "--out", tmp.Path);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        Assert.That(r.StdOut, Does.Contain("WARNING:").And.Contain("held up to 2 people").And.Contain("raise --max-people"));
        Assert.That(Directory.GetFiles(tmp.Path, "*.trc").Select(Path.GetFileName), Is.EqualTo(new[] { "S00_P00_T01_BalancingTrial_0-100_P1.trc" }));
    }

    [TestCase("--person", "1", "--person picks one person of pre-associated files; --associate finds every person")]
    [TestCase("--max-people", "0", "--max-people 0: give the most people to triangulate per frame, 1 or more")]
    [TestCase("--min-views", "1", "--min-views 1: triangulation needs at least 2 cameras")]
    [TestCase("--min-affinity", "1", "--min-affinity 1: give an affinity from 0 up to (not including) 1")]
    [TestCase("--max-ray-distance", "-0.1", "--max-ray-distance -0.1: give a distance in metres above 0")]
    [TestCase("--association-likelihood", "2", "--association-likelihood 2: give a confidence from 0 to 1")]
    [TestCase("--max-step", "0", "--max-step 0: give a distance in metres per frame above 0")]
    [TestCase("--max-missed", "-1", "--max-missed -1: give a number of frames, 0 or more")]
    [TestCase("--reid-radius", "-1", "--reid-radius -1: give a distance in metres, 0 or more")]
    public void TriangulateAssociate_BadOption_RefusedNamingIt(string option, string value, string says)
    {
        using var tmp = new TempFolder();
        ProcessRunner.Result r = B3d("triangulate", "--calib", SharedAssets.CalibrationToml, "--pose2d", RawPose, "--associate", option, value,
            "--out", Path.Combine(tmp.Path, "out"));
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("ERR b3d triangulate: ").And.Contain(says));
        Assert.That(r.StdErr, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Directory.Exists(Path.Combine(tmp.Path, "out")), Is.False, "nothing written");
    }

    [Test]
    public void TriangulateAssociate_OutIsAFile_RefusedNamingIt()
    {
        using var tmp = new TempFolder();
        string file = tmp.File("x.trc");
        File.WriteAllText(file, "");
        ProcessRunner.Result r = B3d("triangulate", "--calib", SharedAssets.CalibrationToml, "--pose2d", RawPose, "--associate", "--out", file);
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("--out").And.Contain("is a file; give a folder to write into"));
    }
}
