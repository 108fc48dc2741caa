namespace Broadcast3D.TestSupport;

/// <summary>A unique folder under the system temp dir, deleted on dispose unless B3D_KEEP_TEST_FILES is set.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "b3d-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    /// <summary>Absolute path of the folder.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("B3D_KEEP_TEST_FILES") is null && Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
