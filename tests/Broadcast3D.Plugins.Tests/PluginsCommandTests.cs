using Broadcast3D.TestSupport;

namespace Broadcast3D.Plugins.Tests;

/// <summary><c>b3d plugins list [CONFIG]</c> as a user runs it: the CLI process over a configuration with a plugin folder.</summary>
public sealed class PluginsCommandTests
{
    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "b3d.dll");

    [Test]
    public void List_ConfigWithSampleFolder_EveryPluginWithVersionKindAndSettings()
    {
        using var tmp = new TempFolder("b3d-plugins-cli");
        SamplePlugin.Install(tmp);
        string config = WriteConfig(tmp, """{"folders": ["plugins"], "settings": {"sample": {"sizePixels": 20}, "trails": {"samples": 90}}}""");

        ProcessRunner.Result r = ProcessRunner.Run("dotnet", [CliDll, "plugins", "list", config], TimeSpan.FromMinutes(1));
        TestContext.Out.WriteLine(r.StdOut);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        Assert.That(r.StdOut, Does.Contain("sample").And.Contain("0.1.0").And.Contain("{\"sizePixels\": 20}").And.Contain(SamplePlugin.FileName));
        Assert.That(r.StdOut, Does.Contain("{\"samples\": 90}"));
        Assert.That(r.StdOut, Does.Contain("plugin SDK 1.1.0: 14 plugins, 0 refused"));
    }

    [Test]
    public void List_InvalidSettings_Exit1NamingTheField()
    {
        using var tmp = new TempFolder("b3d-plugins-cli");
        string config = WriteConfig(tmp, """{"settings": {"speed": {"windowSeconds": 5}}}""");

        ProcessRunner.Result r = ProcessRunner.Run("dotnet", [CliDll, "plugins", "list", config], TimeSpan.FromMinutes(1));
        TestContext.Out.WriteLine(r.StdOut);
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
        Assert.That(r.StdOut, Does.Contain("refused: plugins.settings.speed.windowSeconds: must be a number from 0.05 to 1, got 5"));
    }

    [Test]
    public void List_MissingFolder_Exit1NamingTheFolderField()
    {
        using var tmp = new TempFolder("b3d-plugins-cli");
        string config = WriteConfig(tmp, """{"folders": ["nowhere"]}""");

        ProcessRunner.Result r = ProcessRunner.Run("dotnet", [CliDll, "plugins", "list", config], TimeSpan.FromMinutes(1));
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut);
        Assert.That(r.StdErr, Does.Contain("plugins.folders[0]: folder not found: " + tmp.File("nowhere")));
    }

    /// <summary>A valid pipeline over the Balancing trial's four cameras with <paramref name="pluginsJson"/> as its plugins section.</summary>
    private static string WriteConfig(TempFolder tmp, string pluginsJson)
    {
        string trial = SharedAssets.BalancingTrial;
        string path = tmp.File("pipeline.json");
        File.WriteAllText(path, $$"""
            {
              "calibration": "{{SharedAssets.CalibrationToml}}",
              "cameras": [
                { "name": "cam_01", "source": "{{trial}}/videos/cam01.mp4" }, { "name": "cam_02", "source": "{{trial}}/videos/cam02.mp4" },
                { "name": "cam_03", "source": "{{trial}}/videos/cam03.mp4" }, { "name": "cam_04", "source": "{{trial}}/videos/cam04.mp4" }
              ],
              "plugins": {{pluginsJson}}
            }
            """);
        return path;
    }
}
