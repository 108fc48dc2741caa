using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Broadcast3D.Cli.Tests;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Control.Tests;

/// <summary>
/// The programme delay and the graphics age in the control API's state during a real live run: two cameras over UDP
/// (<see cref="LiveRig"/>), RTMDet + BlazePose tracking on the CPU, <c>"delayFrames": "auto"</c>, the programme to a
/// file. The state is read over HTTP and from the WebSocket's 10 Hz messages while the delay is commanded fixed and
/// back to auto; the run's own report at the end must agree with it.
/// </summary>
[NonParallelizable]
[Category("Live")]
public partial class ControlDelayLiveTests
{
    /// <summary>
    /// Programme frames each mode is watched for once it reached its delay: 5 s, 15–25 tracking results on this
    /// machine, enough for the share of frames drawn at most a frame from their picture to show the mode.
    /// </summary>
    private const int WindowSeconds = 5;

    [Test]
    public async Task State_AutoThenFixedThenAuto_DelayAndGraphicsAgeFollowOverHttpAndWebSocket()
    {
        using var tmp = new TempFolder("b3d-control-delay");
        using var rig = new LiveRig(tmp);
        string outputs = $$"""[{"type": "file", "target": "{{tmp.File("programme.mp4")}}"}]""";
        string config = rig.Config(tmp, outputs, delayFrames: 0);
        // LiveRig writes a number; this run is the default automatic delay.
        string json = File.ReadAllText(config);
        Assert.That(json, Does.Contain("\"delayFrames\": 0,"), "the rig's configuration layout");
        File.WriteAllText(config, json.Replace("\"delayFrames\": 0,", "\"delayFrames\": \"auto\",", StringComparison.Ordinal));
        using var run = new ControlLiveRun(config, frames: 60 * 600);
        await run.WaitUntilRunningAsync();

        // Warm-up: the delay grows from 0 a frame per tick (each a repeated picture) until the first results are measured.
        JsonElement warm = await WaitForDelayAsync(run, d => d.GetProperty("warmedUp").GetBoolean(), TimeSpan.FromMinutes(2), "warm-up over");
        TestContext.Out.WriteLine($"warmed up: {warm.GetRawText()}");
        Assert.That(warm.GetProperty("mode").GetString(), Is.EqualTo("auto"));
        Assert.That(warm.GetProperty("maxFrames").GetInt32(), Is.EqualTo(120), "the default maxDelayFrames");
        Assert.That(warm.GetProperty("trackingResults").GetInt64(), Is.GreaterThanOrEqualTo(10), "results measured before the delay is chosen");
        Assert.That(warm.GetProperty("trackingLatencyP50Ms").GetDouble(), Is.GreaterThan(0));
        Assert.That(warm.GetProperty("requiredP95Ms").GetDouble(), Is.GreaterThanOrEqualTo(warm.GetProperty("trackingLatencyP95Ms").GetDouble() - 1),
            "latency plus one interval is no shorter than the latency (ms binned)");
        int autoFrames = warm.GetProperty("frames").GetInt32();
        Assert.That(autoFrames, Is.GreaterThan(2), "the tracking latency on the CPU is far more than 2 frames");
        Assert.That(warm.GetProperty("warmUpSteps").GetInt64(), Is.GreaterThanOrEqualTo(autoFrames), "grown from 0 a frame at a time");
        Assert.That(warm.GetProperty("milliseconds").GetDouble(), Is.EqualTo(Math.Round(autoFrames * 1000.0 / 60, 1)).Within(0.05));

        // The auto window: graphics age counted from here.
        JsonElement autoStart = await DelayAsync(run);
        await Task.Delay(TimeSpan.FromSeconds(WindowSeconds));
        JsonElement autoEnd = await DelayAsync(run);
        double autoShare = Share(autoStart, autoEnd);
        JsonElement age = autoEnd.GetProperty("graphicsAge");
        Assert.That(age.GetProperty("frames").GetInt64(), Is.GreaterThan(0), "programme frames with graphics after warm-up");
        Assert.That(age.GetProperty("p50Ms").ValueKind, Is.EqualTo(JsonValueKind.Number));
        Assert.That(age.GetProperty("maxMs").GetDouble(), Is.GreaterThanOrEqualTo(age.GetProperty("p95Ms").GetDouble()));
        Assert.That(age.GetProperty("withinOneFramePercent").GetDouble(),
            Is.EqualTo(100.0 * age.GetProperty("withinOneFrame").GetInt64() / age.GetProperty("frames").GetInt64()).Within(0.05));

        // The same state on the WebSocket.
        JsonElement pushed = await PushedDelayAsync(run);
        Assert.That(pushed.GetProperty("mode").GetString(), Is.EqualTo("auto"), "the WebSocket's state");
        Assert.That(pushed.GetProperty("trackingResults").GetInt64(), Is.GreaterThanOrEqualTo(autoEnd.GetProperty("trackingResults").GetInt64()));
        Assert.That(pushed.GetProperty("graphicsAge").GetProperty("frames").GetInt64(), Is.GreaterThanOrEqualTo(age.GetProperty("frames").GetInt64()));

        // Fixed 2 frames: reached a frame per tick, each a picture skipped on air.
        long skipped = autoEnd.GetProperty("skippedOnAir").GetInt64();
        int from = autoEnd.GetProperty("frames").GetInt32();
        await run.CommandAsync("/api/delay", """{"frames": 2}""");
        JsonElement fixedStart = await WaitForDelayAsync(run, d => d.GetProperty("frames").GetInt32() == 2, TimeSpan.FromSeconds(30), "the delay at 2 frames");
        Assert.That(fixedStart.GetProperty("mode").GetString(), Is.EqualTo("fixed"));
        Assert.That(fixedStart.GetProperty("milliseconds").GetDouble(), Is.EqualTo(33.3));
        // One picture skipped per frame shortened; the automatic delay may have moved a frame before the command applied.
        Assert.That(fixedStart.GetProperty("skippedOnAir").GetInt64() - skipped, Is.InRange(from - 2, from - 1), "pictures skipped to shorten the delay");
        await Task.Delay(TimeSpan.FromSeconds(WindowSeconds));
        JsonElement fixedEnd = await DelayAsync(run);
        double fixedShare = Share(fixedStart, fixedEnd);

        // Auto again: lengthened a frame per tick, each a picture repeated on air.
        long repeated = fixedEnd.GetProperty("repeatedOnAir").GetInt64();
        await run.CommandAsync("/api/delay", """{"auto": true}""");
        JsonElement back = await WaitForDelayAsync(run, d => d.GetProperty("mode").GetString() == "auto" && d.GetProperty("frames").GetInt32() > 2,
            TimeSpan.FromSeconds(30), "the automatic delay lengthening again");
        Assert.That(back.GetProperty("repeatedOnAir").GetInt64(), Is.GreaterThan(repeated), "pictures repeated to lengthen the delay");
        JsonElement last = await DelayAsync(run);

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"auto: {from} frames, {autoShare * 100:0.0} % of frames ≤ 1 frame old over {WindowSeconds} s; fixed 2 frames: {fixedShare * 100:0.0} %; " +
            $"at the end: {last.GetRawText()}"));
        Assert.That(autoShare, Is.GreaterThan(fixedShare), "auto draws more frames with their own instant's pose than 2 frames of delay");

        Assert.That(run.Stop(), Is.Zero, run.StdErr);
        TestContext.Out.WriteLine(run.StdOut);
        Match report = ReportedSteps().Match(run.StdOut);
        Assert.That(report.Success, Is.True, $"the report's delay line:\n{run.StdOut}");
        Assert.That(long.Parse(report.Groups[1].Value, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(last.GetProperty("repeatedOnAir").GetInt64()),
            "pictures repeated on air: the report counts at least what the state showed");
        Assert.That(long.Parse(report.Groups[2].Value, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(last.GetProperty("skippedOnAir").GetInt64()),
            "pictures skipped on air");
    }

    /// <summary>Of the frames with graphics between two states, the share drawn at most one frame from their picture.</summary>
    private static double Share(JsonElement start, JsonElement end)
    {
        JsonElement a = start.GetProperty("graphicsAge"), b = end.GetProperty("graphicsAge");
        long frames = b.GetProperty("frames").GetInt64() - a.GetProperty("frames").GetInt64();
        Assert.That(frames, Is.GreaterThan(0), () => $"programme frames with graphics between {start.GetRawText()} and {end.GetRawText()}");
        return (double)(b.GetProperty("withinOneFrame").GetInt64() - a.GetProperty("withinOneFrame").GetInt64()) / frames;
    }

    private static async Task<JsonElement> DelayAsync(ControlLiveRun run)
    {
        using HttpResponseMessage r = await run.Client.GetAsync("/api/state");
        string text = await r.Content.ReadAsStringAsync();
        Assert.That(r.IsSuccessStatusCode, Is.True, $"GET /api/state: {(int)r.StatusCode} {text}");
        using JsonDocument doc = JsonDocument.Parse(text);
        JsonElement delay = doc.RootElement.GetProperty("delay");
        Assert.That(delay.ValueKind, Is.EqualTo(JsonValueKind.Object), $"a live run reports its delay: {text}");
        return delay.Clone();
    }

    private static async Task<JsonElement> WaitForDelayAsync(ControlLiveRun run, Func<JsonElement, bool> done, TimeSpan timeout, string what)
    {
        DateTime until = DateTime.UtcNow + timeout;
        JsonElement delay = await DelayAsync(run);
        while (!done(delay))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(until), () => $"{what} within {timeout.TotalSeconds:0} s; the state said {delay.GetRawText()}\n{run.StdErr}");
            await Task.Delay(100);
            delay = await DelayAsync(run);
        }
        return delay;
    }

    /// <summary>The delay of the next state message on the WebSocket.</summary>
    private static async Task<JsonElement> PushedDelayAsync(ControlLiveRun run)
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(EventStream.Subprotocol);
        socket.Options.AddSubProtocol("bearer." + ControlLiveRun.Token);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri(run.Address, "/api/events").ToWs(), timeout.Token);
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult r;
            do
            {
                r = await socket.ReceiveAsync(buffer, timeout.Token);
                message.Write(buffer, 0, r.Count);
            }
            while (!r.EndOfMessage);
            using JsonDocument doc = JsonDocument.Parse(message.ToArray());
            if (doc.RootElement.GetProperty("type").GetString() != "state")
                continue;
            JsonElement delay = doc.RootElement.GetProperty("data").GetProperty("delay").Clone();
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            return delay;
        }
    }

    [GeneratedRegex(@"(\d+) pictures repeated and (\d+) skipped on air")]
    private static partial Regex ReportedSteps();
}
