namespace Broadcast3D.Ndi.Tests;

/// <summary>
/// The NDI 5 runtime that scripts/setup.sh unpacks into the cache outside the repository
/// (<c>$B3D_CACHE/ndi</c>, default <c>~/.cache/broadcast3d/ndi</c>). A missing cache fails the test with what to run.
/// </summary>
internal static class NdiTestRuntime
{
    /// <summary>Folder holding <c>libndi.so.5</c>.</summary>
    public static string LibraryDirectory => Path.Combine(NdiRoot, "lib", "linux_x64");

    /// <summary>Folder holding the SDK headers (<c>Processing.NDI.Lib.h</c>).</summary>
    public static string IncludeDirectory => Path.Combine(NdiRoot, "include");

    /// <summary>Options that find only the cached runtime.</summary>
    public static NdiRuntimeOptions Options => new()
    {
        SearchDirectories = [LibraryDirectory],
        UseEnvironment = false,
        UseDefaultSearch = false,
    };

    /// <summary>Loads the cached runtime or fails the test saying how to get it.</summary>
    public static NdiRuntime Load()
    {
        if (!File.Exists(Path.Combine(LibraryDirectory, "libndi.so.5")))
            Assert.Fail($"libndi.so.5 not found in {LibraryDirectory}: run scripts/setup.sh (or set B3D_CACHE to its cache)");
        return NdiRuntime.Load(Options);
    }

    /// <summary>A source name no other test run on this machine uses.</summary>
    public static string UniqueSourceName(string purpose) => $"b3d-test-{purpose}-{Guid.NewGuid().ToString("N")[..8]}";

    private static string NdiRoot
    {
        get
        {
            string cache = Environment.GetEnvironmentVariable("B3D_CACHE") is { Length: > 0 } c
                ? c
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "broadcast3d");
            return Path.Combine(cache, "ndi");
        }
    }
}
