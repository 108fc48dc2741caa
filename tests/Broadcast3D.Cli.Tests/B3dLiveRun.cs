using System.Globalization;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// <c>b3d run CONFIG --frames N</c> as its own process (<see cref="B3dProcess"/>) with the cached NDI runtime, its
/// output collected as it comes so a test can read the stream it sends meanwhile. Disposing kills a run still going.
/// </summary>
internal sealed class B3dLiveRun : IDisposable
{
    private readonly B3dProcess _process;

    /// <summary>Starts the run; <paramref name="onErrorLine"/> sees each stderr line (b3d's state changes) as it comes.</summary>
    public B3dLiveRun(string config, int frames, Action<string>? onErrorLine = null)
    {
        _process = new B3dProcess(["run", config, "--frames", frames.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["NDI_RUNTIME_DIR_V5"] = LiveNdi.LibraryDirectory() }, onErrorLine);
    }

    /// <summary>What b3d printed on stdout so far (the run report once it ended).</summary>
    public string StdOut => _process.StdOut;

    /// <summary>What b3d printed on stderr so far.</summary>
    public string StdErr => _process.StdErr;

    /// <summary>Receives the run's NDI output <paramref name="name"/> (see <see cref="LiveNdi.Connect"/>).</summary>
    public Ndi.NdiReceiver ConnectNdi(string name) => LiveNdi.Connect(name, () => StdErr);

    /// <summary>Waits (at most a minute, else the test fails) for the run to end and its output to be read; its exit code.</summary>
    public int WaitForExit() => _process.WaitForExit(TimeSpan.FromMinutes(1), "b3d run ends after its frames");

    public void Dispose() => _process.Dispose();
}
