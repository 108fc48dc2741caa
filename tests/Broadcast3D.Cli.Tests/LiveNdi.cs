using Broadcast3D.Ndi;

namespace Broadcast3D.Cli.Tests;

/// <summary>Receiving a <c>b3d run</c> NDI output in a test, through the NDI runtime of the setup script's cache.</summary>
internal static class LiveNdi
{
    /// <summary>Folder holding the cached <c>libndi.so.5</c> (for <c>NDI_RUNTIME_DIR_V5</c>); fails the test saying how to get it.</summary>
    public static string LibraryDirectory()
    {
        string cache = Environment.GetEnvironmentVariable("B3D_CACHE") is { Length: > 0 } c
            ? c
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "broadcast3d");
        string dir = Path.Combine(cache, "ndi", "lib", "linux_x64");
        if (!File.Exists(Path.Combine(dir, "libndi.so.5")))
            Assert.Fail($"libndi.so.5 not found in {dir}: run scripts/setup.sh (or set B3D_CACHE to its cache)");
        return dir;
    }

    /// <summary>The NDI runtime of the setup script's cache, and only that one (fails the test saying how to get it).</summary>
    public static NdiRuntime Runtime() =>
        NdiRuntime.Load(new NdiRuntimeOptions { SearchDirectories = [LibraryDirectory()], UseEnvironment = false, UseDefaultSearch = false });

    /// <summary>
    /// Waits up to a minute for source <paramref name="name"/> on loopback (no mDNS daemon needed) and connects a
    /// BGRX/BGRA receiver; <paramref name="senderLog"/> gives what b3d said, for the failure message.
    /// </summary>
    public static NdiReceiver Connect(string name, Func<string> senderLog)
    {
        NdiRuntime runtime = Runtime();
        using var finder = new NdiFinder(runtime, new NdiFinderOptions { ShowLocalSources = true, ExtraIps = "127.0.0.1" });
        NdiSource source = finder.WaitForSource(name, TimeSpan.FromSeconds(60))
            ?? throw new AssertionException($"NDI source '{name}' not found; b3d said:\n{senderLog()}");
        return new NdiReceiver(runtime, source, new NdiReceiverOptions { ColorFormat = NdiReceiveColorFormat.BgrxBgra });
    }

    /// <summary>
    /// Waits up to a minute for source <paramref name="name"/> on loopback and follows it with a BGRX/BGRA receiver that
    /// connects again when the connection goes (see <see cref="NdiFollowingReceiver"/>), each time said on the test's
    /// progress output; <paramref name="senderLog"/> gives what b3d said, for the failure message.
    /// </summary>
    public static NdiFollowingReceiver Follow(string name, Func<string> senderLog)
    {
        NdiRuntime runtime = Runtime();
        try
        {
            return new NdiFollowingReceiver(runtime, name, new NdiFollowingReceiverOptions { Receiver = new NdiReceiverOptions { ColorFormat = NdiReceiveColorFormat.BgrxBgra } })
            {
                Log = line => TestContext.Progress.WriteLine(line),
            };
        }
        catch (NdiException ex)
        {
            throw new AssertionException($"{ex.Message}; b3d said:\n{senderLog()}");
        }
    }
}
