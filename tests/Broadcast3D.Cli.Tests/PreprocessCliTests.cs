using Broadcast3D.TestSupport;

namespace Broadcast3D.Cli.Tests;

/// <summary><c>--preprocess</c> on <c>b3d pose2d</c>, run as a user would: the kernel path's output, and its refusals.</summary>
public class PreprocessCliTests
{
    private static ProcessRunner.Result B3d(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args], TimeSpan.FromMinutes(4));

    private static string Cam01 => Path.Combine(SharedAssets.BalancingTrial, "videos", "cam01.mp4");

    [Test]
    public void Pose2d_CpuPreprocessTwoFrames_WritesTheReferencesJson()
    {
        // Two frame sets (the second tracks from the first); the kernel on ILGPU's CPU accelerator is slow, so no more.
        using var tmp = new TempFolder();
        ProcessRunner.Result kernel = B3d("pose2d", Cam01, "--out", tmp.File("kernel"), "--frames", "2", "--threads", "1", "--preprocess", "cpu");
        ProcessRunner.Result reference = B3d("pose2d", Cam01, "--out", tmp.File("reference"), "--frames", "2", "--threads", "1", "--preprocess", "reference");
        Assert.That(kernel.ExitCode, Is.Zero, kernel.StdErr);
        Assert.That(reference.ExitCode, Is.Zero, reference.StdErr);
        Assert.That(kernel.StdOut, Does.Contain("crops: ilgpu cpu ("), "the models say what crops their inputs");
        Assert.That(reference.StdOut, Does.Contain("crops: reference"));

        string[] files = [.. Directory.GetFiles(tmp.File("reference/cam01_json")).Select(Path.GetFileName).Order()!];
        Assert.That(files, Has.Length.EqualTo(2));
        foreach (string file in files)
        {
            string expected = File.ReadAllText(tmp.File($"reference/cam01_json/{file}"));
            Assert.That(expected, Does.Contain("\"pose_keypoints_2d\""));
            // The tensors are equal bit for bit (same CropSampler maths on the same planes), so the JSON is too.
            Assert.That(File.ReadAllText(tmp.File($"kernel/cam01_json/{file}")), Is.EqualTo(expected), file);
        }
    }

    [Test]
    public void Pose2d_CudaPreprocessWithoutGpu_FailsNamingOptionAndChoices()
    {
        using var tmp = new TempFolder();
        ProcessRunner.Result r = B3d("pose2d", Cam01, "--out", tmp.File("o"), "--frames", "1", "--preprocess", "cuda");
        if (r.ExitCode == 0)
        {
            Assert.That(r.StdOut, Does.Contain("crops: ilgpu cuda ("), "a CUDA machine crops there");
            return;
        }

        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.Unavailable), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("ERR b3d pose2d: --preprocess cuda: ").And.Contain("available here: auto, ").And.Contain("cpu, reference."));
        Assert.That(Directory.Exists(tmp.File("o/cam01_json")), Is.False, "refused before any work");
    }

    [TestCase("pose2d")]
    [TestCase("demo")]
    public void Command_UnknownOrFloatPreprocess_RefusedListingTheChoices(string command)
    {
        using var tmp = new TempFolder();
        string output = tmp.File("never-written");
        foreach (string bad in new[] { "gpu", "cpu-float" })
        {
            ProcessRunner.Result r = command == "pose2d"
                ? B3d("pose2d", Cam01, "--out", output, "--preprocess", bad)
                : B3d("demo", "--out", output, "--preprocess", bad);
            Assert.That(r.ExitCode, Is.Not.Zero);
            Assert.That(r.StdOut + r.StdErr, Does.Contain($"Argument '{bad}' not recognized").And.Contain("'reference'"));
        }
        Assert.That(Directory.Exists(output), Is.False);
    }
}
