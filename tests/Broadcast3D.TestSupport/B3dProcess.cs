using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Broadcast3D.TestSupport;

/// <summary>
/// The b3d CLI (<c>b3d.dll</c> beside the tests) as its own process, as a user runs it, with its stdout and stderr
/// collected as they come, so a test can read the outputs it sends meanwhile and its report once it ends. The one
/// process wrapper of the live tests (the CLI's <c>b3d run</c> tests and the control API's). Disposing kills a
/// process still going. Thread-safe.
/// </summary>
public sealed class B3dProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    /// <summary>
    /// Starts <c>b3d ARGS</c> with <paramref name="environment"/> added to this process's; <paramref name="onErrorLine"/>
    /// sees each stderr line (b3d's state changes) as it comes, on a thread-pool thread.
    /// </summary>
    public B3dProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, Action<string>? onErrorLine = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
            psi.Environment[name] = value;
        _process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet could not be started to run b3d.dll");
        _process.OutputDataReceived += (_, e) =>
        {
            lock (_stdout)
                _stdout.AppendLine(e.Data);
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
                _stderr.AppendLine(e.Data);
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

    /// <summary>True once the process ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Waits (at most <paramref name="timeout"/>, else the test fails saying <paramref name="what"/>) for the process to end and its output to be read; its exit code.</summary>
    public int WaitForExit(TimeSpan timeout, string what)
    {
        Assert.That(_process.WaitForExit(timeout), Is.True, what);
        _process.WaitForExit(); // flush the asynchronous output readers
        return _process.ExitCode;
    }

    /// <summary>Ends the process with SIGTERM (as systemd would: it finalises and prints its report) and waits at most <paramref name="timeout"/>; its exit code.</summary>
    public int Stop(TimeSpan timeout)
    {
        if (!_process.HasExited)
            Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        return WaitForExit(timeout, "b3d stops on SIGTERM");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
