using System.Runtime.InteropServices;

namespace Broadcast3D.Ndi.Interop;

/// <summary>
/// The NDI runtime's file names per operating system and the order in which <see cref="NdiRuntime"/> looks for
/// them. NDI 6 is preferred over NDI 5: the functions we call have the same names and layouts in both.
/// </summary>
internal static class NdiLibraryNames
{
    /// <summary>Environment variable the NDI 6 runtime installer sets to its library folder.</summary>
    public const string RuntimeDirV6 = "NDI_RUNTIME_DIR_V6";

    /// <summary>Environment variable the NDI 5 runtime installer sets to its library folder.</summary>
    public const string RuntimeDirV5 = "NDI_RUNTIME_DIR_V5";

    /// <summary>Where a user gets the runtime; shown in every "not installed" message.</summary>
    public const string DownloadSite = "ndi.video";

    /// <summary>The NDI 6 library file name on this OS.</summary>
    public static string V6 =>
        OperatingSystem.IsWindows() ? "Processing.NDI.Lib.x64.dll" : OperatingSystem.IsMacOS() ? "libndi.dylib" : "libndi.so.6";

    /// <summary>The NDI 5 library file name on this OS (the same file name as NDI 6 outside Linux).</summary>
    public static string V5 =>
        OperatingSystem.IsWindows() ? "Processing.NDI.Lib.x64.dll" : OperatingSystem.IsMacOS() ? "libndi.dylib" : "libndi.so.5";

    /// <summary>Folders the NDI SDK and distribution packages install into, searched after the environment.</summary>
    public static IReadOnlyList<string> StandardDirectories =>
        OperatingSystem.IsLinux()
            ? ["/usr/lib", "/usr/local/lib", RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "/usr/lib/aarch64-linux-gnu" : "/usr/lib/x86_64-linux-gnu"]
            : OperatingSystem.IsMacOS()
                ? ["/usr/local/lib", "/Library/NDI SDK for Apple/lib/macOS"]
                : [];

    /// <summary>
    /// Every place to try, in order: the caller's folders (V6 then V5 name), <c>NDI_RUNTIME_DIR_V6</c>,
    /// <c>NDI_RUNTIME_DIR_V5</c>, the standard folders, then the bare names for the OS loader's default search.
    /// A full path is a file to load; a bare name goes to the loader.
    /// </summary>
    public static IEnumerable<string> Candidates(NdiRuntimeOptions options)
    {
        string[] names = V6 == V5 ? [V6] : [V6, V5];
        foreach (string dir in options.SearchDirectories)
        {
            foreach (string name in names)
                yield return Path.Combine(dir, name);
        }
        if (options.UseEnvironment)
        {
            if (Environment.GetEnvironmentVariable(RuntimeDirV6) is { Length: > 0 } v6)
                yield return Path.Combine(v6, V6);
            if (Environment.GetEnvironmentVariable(RuntimeDirV5) is { Length: > 0 } v5)
                yield return Path.Combine(v5, V5);
        }
        if (options.UseDefaultSearch)
        {
            foreach (string dir in StandardDirectories)
            {
                foreach (string name in names)
                    yield return Path.Combine(dir, name);
            }
            foreach (string name in names)
                yield return name;
        }
    }

    /// <summary>The "not available" message: what to install and every place that was tried.</summary>
    public static string NotInstalledMessage(IReadOnlyList<string> lookedIn) =>
        $"NDI runtime not installed: get it from {DownloadSite} (looked in: {(lookedIn.Count == 0 ? "nowhere, every search was disabled" : string.Join(", ", lookedIn))})";
}
