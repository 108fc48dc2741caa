using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// <c>b3d run CONFIG --frames N</c> as its own process (as a user runs it) with the cached NDI runtime, its output
/// collected as it comes so a test can read the stream it sends meanwhile. Disposing kills a run still going.
/// </summary>
internal sealed class B3dLiveRun : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    /// <summary>Starts the run; <paramref name="onErrorLine"/> sees each stderr line (b3d's state changes) as it comes.</summary>
    public B3dLiveRun(string config, int frames, Action<string>? onErrorLine = null)
    {
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), "run", config,
            "--frames", frames.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.Environment["NDI_RUNTIME_DIR_V5"] = LiveNdi.LibraryDirectory();
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => { lock (_stdout) _stdout.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr) _stderr.AppendLine(e.Data);
            if (e.Data is { } line)
                onErrorLine?.Invoke(line);
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>What b3d printed on stdout so far (the run report once it ended).</summary>
    public string StdOut
    {
        get
        {
            lock (_stdout)
                return _stdout.ToString();
        }
    }

    /// <summary>What b3d printed on stderr so far.</summary>
    public string StdErr
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    /// <summary>Receives the run's NDI output <paramref name="name"/> (see <see cref="LiveNdi.Connect"/>).</summary>
    public Ndi.NdiReceiver ConnectNdi(string name) => LiveNdi.Connect(name, () => StdErr);

    /// <summary>Waits (at most a minute, else the test fails) for the run to end and its output to be read; its exit code.</summary>
    public int WaitForExit()
    {
        Assert.That(_process.WaitForExit(TimeSpan.FromMinutes(1)), Is.True, "b3d run ends after its frames");
        _process.WaitForExit(); // flush the asynchronous output readers
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
