using System.Text.Json;
using Broadcast3D.Cli;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Cli.Tests;

public class ProbeCommandTests
{
    private static ProcessRunner.Result B3d(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args], TimeSpan.FromMinutes(1));

    [Test]
    public void Probe_JsonOnBalancingVideos_ReportsCodecSizeRateAndFrames()
    {
        string videos = Path.Combine(SharedAssets.BalancingTrial, "videos");
        ProcessRunner.Result r = B3d("probe", "--json", Path.Combine(videos, "cam02.mp4"), Path.Combine(videos, "cam03.mp4"));
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        using JsonDocument doc = JsonDocument.Parse(r.StdOut);
        JsonElement cam02 = doc.RootElement[0].GetProperty("streams")[0];
        JsonElement cam03 = doc.RootElement[1].GetProperty("streams")[0];
        Assert.That(cam02.GetProperty("codec").GetString(), Is.EqualTo("vp9"));
        Assert.That(cam03.GetProperty("codec").GetString(), Is.EqualTo("h264"));
        Assert.That(cam03.GetProperty("width").GetInt32(), Is.EqualTo(1088));
        Assert.That(cam03.GetProperty("frameRate").GetString(), Is.EqualTo("60"));
        Assert.That(cam03.GetProperty("frameCount").GetInt64(), Is.EqualTo(100));
    }

    [Test]
    public void Probe_MissingFile_ExitsWithTheMediaCodeNamingIt()
    {
        ProcessRunner.Result r = B3d("probe", "/nonexistent/cam.mp4");
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.Media));
        Assert.That(r.StdOut, Does.Contain("/nonexistent/cam.mp4"));
    }
}
