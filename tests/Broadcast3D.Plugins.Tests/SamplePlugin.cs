using Broadcast3D.TestSupport;

namespace Broadcast3D.Plugins.Tests;

/// <summary>The sample external plugin (plugins/Broadcast3D.Plugins.Sample), built with this project, as a user installs it: its one assembly in a folder.</summary>
internal static class SamplePlugin
{
    public const string FileName = "Broadcast3D.Plugins.Sample.dll";

    /// <summary>The built assembly (beside this project's output in the artifacts tree).</summary>
    public static string Built
    {
        get
        {
            string path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "Broadcast3D.Plugins.Sample",
                new DirectoryInfo(AppContext.BaseDirectory).Name, FileName));
            Assert.That(File.Exists(path), Is.True, $"{path} not found: build tests/Broadcast3D.Plugins.Tests, which builds the sample plugin");
            return path;
        }
    }

    /// <summary>A plugin folder in <paramref name="tmp"/> holding the sample's assembly; returns the folder.</summary>
    public static string Install(TempFolder tmp)
    {
        string folder = tmp.File("plugins");
        Directory.CreateDirectory(folder);
        File.Copy(Built, Path.Combine(folder, FileName), overwrite: true);
        return folder;
    }
}
