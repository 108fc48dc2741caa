using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Broadcast3D.Engine.Nodes;

/// <summary>
/// A local <c>nats-server</c> with JetStream (Debian's package, installed by <c>scripts/setup.sh</c>) on a free
/// loopback port with its store in a folder: what <c>b3d demo --nodes</c> and the tests start and stop. Restart keeps
/// the port and the store (the streams survive, as on a server restart in production). Not thread-safe.
/// </summary>
public sealed class NatsServerProcess : IDisposable
{
    private static readonly string[] s_candidates = ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"];
    private readonly string _executable;
    private Process? _process;

    private NatsServerProcess(string executable, int port, string storeDirectory)
    {
        _executable = executable;
        Port = port;
        StoreDirectory = storeDirectory;
    }

    /// <summary>Loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>JetStream store folder.</summary>
    public string StoreDirectory { get; }

    /// <summary>The URL clients connect to.</summary>
    public string Url => $"nats://127.0.0.1:{Port}";

    /// <summary>
    /// Starts a server with its store in <paramref name="storeDirectory"/> (created) and waits until it accepts
    /// connections. Throws <see cref="NodeException"/> naming what to install when there is no
    /// <c>nats-server</c>, or with its output when it does not come up within <paramref name="timeout"/> (default 10 s).
    /// </summary>
    public static NatsServerProcess Start(string storeDirectory, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeDirectory);
        string executable = Find() ?? throw new NodeException(
            "nats-server not found (looked on PATH and in " + string.Join(", ", s_candidates) + "): install Debian's nats-server (scripts/setup.sh does)");
        Directory.CreateDirectory(storeDirectory);
        var server = new NatsServerProcess(executable, FreePort(), storeDirectory);
        server.Launch(timeout ?? TimeSpan.FromSeconds(10));
        return server;
    }

    /// <summary>Stops the server (SIGKILL: an outage, not a shutdown) and starts it again on the same port and store.</summary>
    public void Restart(TimeSpan? timeout = null)
    {
        Kill();
        Launch(timeout ?? TimeSpan.FromSeconds(10));
    }

    /// <summary>Stops the server; the store folder stays (the caller owns it).</summary>
    public void Kill()
    {
        if (_process is null)
            return;
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        _process = null;
    }

    public void Dispose() => Kill();

    private void Launch(TimeSpan timeout)
    {
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (string a in new[] { "-js", "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sd", StoreDirectory })
            start.ArgumentList.Add(a);
        var output = new System.Text.StringBuilder();
        _process = Process.Start(start) ?? throw new NodeException($"{_executable} did not start");
        _process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        _process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            lock (output)
            {
                // The server prints this once JetStream and the client listener are both up.
                if (output.ToString().Contains("Server is ready", StringComparison.Ordinal))
                    return;
            }
            if (_process.HasExited || clock.Elapsed > timeout)
            {
                string text;
                lock (output)
                    text = output.ToString();
                Kill();
                throw new NodeException($"nats-server on port {Port} (store {StoreDirectory}) did not come up within {timeout.TotalSeconds:0} s: {text.Trim()}");
            }
            _process.WaitForExit(20);
        }
    }

    private static string? Find()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string path = Path.Combine(dir, "nats-server");
            if (File.Exists(path))
                return path;
        }
        return s_candidates.FirstOrDefault(File.Exists);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
