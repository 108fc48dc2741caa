using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// Issue #15's load check of the control API, bounded and on loopback only: <c>dotnet run -c Release --project
/// tests/Broadcast3D.Benchmarks -- control-load [--b3d PATH/b3d.dll] [--seconds 20] [--clients 50] [--rate 500]</c>.
/// One <c>b3d run</c> of the 4 Balancing cameras as looping file cameras (<see cref="LiveCostRig"/>, 272×480) with
/// the control API; after a warm-up, three phases of the same length in the same run: quiet, loaded (the WebSocket
/// clients reading the events, and REST requests at the rate, open loop: 7 in 10 <c>GET /api/state</c>, 1 in 10 a
/// multiviewer preview (<c>GET /api/preview/{source}.jpg</c>, the programme and each camera in turn: each read back
/// from the channel at most twice a second), 1 in 5 a <c>POST /api/overlays</c> toggling the speed label, which goes
/// through the channel), quiet again. Printed per
/// phase: the programme's repeats, drops by outputs and dropped ticks per second (from the API's own counters), and
/// for the load the REST latency p50/p99/max and the requests that failed. The machine and its load average are
/// printed with them: another process's load moves the programme's counters as much as ours.
/// </summary>
internal static class ControlLoadHarness
{
    private const string Token = "control-load-token-0123456789";

    // The multiviewer's sources: the programme and the rig's 4 cameras (LiveCostRig's names).
    private static readonly string[] s_previews = ["programme", "cam_01", "cam_02", "cam_03", "cam_04"];

    public static int Run(string[] args)
    {
        string dll = Option(args, "--b3d") ?? Path.Combine(AppContext.BaseDirectory, "..", "..", "Broadcast3D.Cli", "release", "b3d.dll");
        int seconds = int.Parse(Option(args, "--seconds") ?? "20", CultureInfo.InvariantCulture);
        int clients = int.Parse(Option(args, "--clients") ?? "50", CultureInfo.InvariantCulture);
        int rate = int.Parse(Option(args, "--rate") ?? "500", CultureInfo.InvariantCulture);
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"control-load: {Path.GetFullPath(dll)} not found; build engine/Broadcast3D.Cli (Release) or give --b3d PATH/b3d.dll");
            return 1;
        }
        if (seconds is < 1 or > 600 || clients is < 0 or > 200 || rate is < 0 or > 5000)
        {
            Console.Error.WriteLine("control-load: --seconds 1–600, --clients 0–200, --rate 0–5000 (bounded: this runs beside a live programme)");
            return 1;
        }
        return RunAsync(dll, seconds, clients, rate).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string dll, int seconds, int clients, int rate)
    {
        using var folder = new TempFolder("b3d-control-load");
        string config = LiveCostRig.Prepare(folder.Path, quarterSize: true);
        int port = LoopbackPorts.FreeTcp();
        string json = await File.ReadAllTextAsync(config);
        int brace = json.IndexOf('{', StringComparison.Ordinal);
        await File.WriteAllTextAsync(config, json[..(brace + 1)] + $"\n  \"control\": {{\"bind\": \"127.0.0.1:{port}\"}}," + json[(brace + 1)..]);
        var psi = new ProcessStartInfo("dotnet", [dll, "run", config]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["B3D_CONTROL_TOKEN"] = Token;
        using Process b3d = Process.Start(psi)!;
        var output = new StringBuilder();
        b3d.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        b3d.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        b3d.BeginOutputReadLine();
        b3d.BeginErrorReadLine();
        var address = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        try
        {
            if (!await WaitRunningAsync(http, b3d))
            {
                lock (output)
                    Console.Error.WriteLine($"control-load: the programme never ran:\n{output}");
                return 1;
            }
            Console.WriteLine($"control-load: b3d run with 4 file cameras 272×480 at 60 fps; warming up 10 s; machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}");
            await Task.Delay(TimeSpan.FromSeconds(10));
            Phase quiet1 = await MeasureAsync(http, "quiet", seconds, () => Task.FromResult<Load?>(null));
            Phase loaded = await MeasureAsync(http, "loaded", seconds, () => LoadAsync(address, seconds, clients, rate));
            Phase quiet2 = await MeasureAsync(http, "quiet", seconds, () => Task.FromResult<Load?>(null));
            Console.WriteLine($"{"phase",-8} {"s",4} {"frames",7} {"repeat/s",9} {"drop/s",7} {"ticks dropped/s",16} {"load avg",9}");
            foreach (Phase p in new[] { quiet1, loaded, quiet2 })
                Console.WriteLine(p);
            if (loaded.Load is { } l)
                Console.WriteLine(l);
            return 0;
        }
        finally
        {
            if (!b3d.HasExited)
            {
                Process.Start("kill", ["-TERM", b3d.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
                if (!b3d.WaitForExit(TimeSpan.FromMinutes(1)))
                    b3d.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<bool> WaitRunningAsync(HttpClient http, Process b3d)
    {
        for (int i = 0; i < 600 && !b3d.HasExited; i++)
        {
            try
            {
                if ((await StateAsync(http)).GetProperty("running").GetBoolean())
                    return true;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        return false;
    }

    private static async Task<JsonElement> StateAsync(HttpClient http)
    {
        using HttpResponseMessage r = await http.GetAsync("/api/state");
        r.EnsureSuccessStatusCode();
        using JsonDocument doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    private static async Task<Phase> MeasureAsync(HttpClient http, string name, int seconds, Func<Task<Load?>> during)
    {
        JsonElement before = (await StateAsync(http)).GetProperty("channel");
        var clock = Stopwatch.StartNew();
        Task<Load?> load = during();
        await Task.WhenAll(load, Task.Delay(TimeSpan.FromSeconds(seconds)));
        JsonElement after = (await StateAsync(http)).GetProperty("channel");
        double s = clock.Elapsed.TotalSeconds;
        long Delta(string counter) => after.GetProperty(counter).GetInt64() - before.GetProperty(counter).GetInt64();
        return new Phase(name, s, Delta("ticks"), Delta("repeated") / s, Delta("droppedByOutputs") / s, Delta("droppedTicks") / s, LoadAverage(), await load);
    }

    /// <summary>The WebSocket clients and the open-loop REST requests for <paramref name="seconds"/>.</summary>
    private static async Task<Load?> LoadAsync(Uri address, int seconds, int clients, int rate)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        long wsMessages = 0;
        var sockets = new List<Task>();
        for (int c = 0; c < clients; c++)
        {
            sockets.Add(Task.Run(async () =>
            {
                using var socket = new ClientWebSocket();
                socket.Options.AddSubProtocol("b3d.v1");
                socket.Options.AddSubProtocol("bearer." + Token);
                await socket.ConnectAsync(new UriBuilder(address) { Scheme = "ws", Path = "/api/events" }.Uri, CancellationToken.None);
                byte[] buffer = new byte[1 << 16];
                try
                {
                    while (true)
                    {
                        WebSocketReceiveResult r = await socket.ReceiveAsync(buffer, stop.Token);
                        if (r.EndOfMessage)
                            Interlocked.Increment(ref wsMessages);
                    }
                }
                catch (OperationCanceledException)
                {
                    // the phase is over
                }
            }));
        }
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 128 }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var latencies = new List<double>();
        int failed = 0;
        var failures = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var requests = new List<Task>();
        var clock = Stopwatch.StartNew();
        long sent = 0;
        while (!stop.IsCancellationRequested)
        {
            long due = (long)(clock.Elapsed.TotalSeconds * rate);
            for (; sent < due; sent++)
            {
                long n = sent;
                requests.Add(Task.Run(async () =>
                {
                    long start = Stopwatch.GetTimestamp();
                    try
                    {
                        using HttpResponseMessage r = n % 5 == 4
                            ? await http.PostAsync("/api/overlays", new StringContent($$"""{"kind": "speed", "on": {{(n % 10 == 4 ? "true" : "false")}}}""", Encoding.UTF8, "application/json"))
                            : n % 10 == 3 ? await http.GetAsync($"/api/preview/{s_previews[(int)(n / 10 % s_previews.Length)]}.jpg?width=240")
                            : await http.GetAsync("/api/state");
                        await r.Content.ReadAsByteArrayAsync();
                        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                        lock (latencies)
                        {
                            latencies.Add(ms);
                            if (!r.IsSuccessStatusCode)
                            {
                                failed++;
                                string key = $"{(int)r.StatusCode} {(n % 5 == 4 ? "POST" : n % 10 == 3 ? "GET preview" : "GET")}";
                                failures[key] = failures.GetValueOrDefault(key) + 1;
                            }
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        lock (latencies)
                        {
                            failed++;
                            failures[ex.GetType().Name] = failures.GetValueOrDefault(ex.GetType().Name) + 1;
                        }
                    }
                }));
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(requests);
        await Task.WhenAll(sockets);
        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? double.NaN : latencies[(int)Math.Min(latencies.Count - 1, Math.Round(q * (latencies.Count - 1)))];
        return new Load(clients, sent, sent / clock.Elapsed.TotalSeconds, failed, string.Join(", ", failures.Select(f => $"{f.Key}: {f.Value}")), P(0.5), P(0.99), latencies.Count == 0 ? double.NaN : latencies[^1],
            clients == 0 ? 0 : wsMessages / (double)clients / clock.Elapsed.TotalSeconds);
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private sealed record Phase(string Name, double Seconds, long Frames, double RepeatsPerSecond, double DropsPerSecond, double TicksDroppedPerSecond,
        string LoadAverage, Load? Load)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Name,-8} {Seconds,4:0} {Frames,7} {RepeatsPerSecond,9:0.00} {DropsPerSecond,7:0.00} {TicksDroppedPerSecond,16:0.00} {LoadAverage,9}");
    }

    private sealed record Load(int Clients, long Requests, double Rate, int Failed, string Failures, double P50, double P99, double Max, double MessagesPerClientPerSecond)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"load: {Clients} WebSocket clients ({MessagesPerClientPerSecond:0.0} messages/s each), {Requests} REST requests at {Rate:0} req/s " +
            $"({Failed} failed{(Failed > 0 ? $": {Failures}" : "")}): latency p50 {P50:0.0} ms, p99 {P99:0.0} ms, max {Max:0.0} ms");
    }
}
