using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Broadcast3D.Cli.Tests;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Control.Tests;

/// <summary>
/// Instant replay inside a live run (issue #14): two UDP cameras whose pictures carry their frame numbers
/// (<see cref="StampedCameraRig"/>), recorded in copy mode, the programme and the replay channel each on NDI received
/// here (<see cref="StampWatch"/>), the replay driven through the control API. Overlays are off so that a replayed
/// picture can be compared with the programme's picture of the same stamp bit for bit (both decoded from the same
/// packets and drawn by the same compositor). One run serves both tests.
/// </summary>
[NonParallelizable]
[Category("Live")]
public class ReplayLiveTests
{
    private const double FrameMs = 1000.0 / 60;

    private TempFolder _tmp = null!;
    private StampedCameraRig _rig = null!;
    private ControlLiveRun _run = null!;
    private StampWatch _programme = null!;
    private StampWatch _replay = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _tmp = new TempFolder("b3d-replay-live");
        _rig = new StampedCameraRig(_tmp, 2);
        string programme = $"B3D prg {Guid.NewGuid():N}"[..20], replay = $"B3D rpl {Guid.NewGuid():N}"[..20];
        string config = _rig.Config(_tmp, $$"""[{"type": "ndi", "target": "{{programme}}"}]""", delayFrames: 2);
        string json = File.ReadAllText(config).Replace("\"skeleton\": true, \"labels\": true", "\"skeleton\": false, \"labels\": false", StringComparison.Ordinal);
        int brace = json.IndexOf('{', StringComparison.Ordinal);
        File.WriteAllText(config, json[..(brace + 1)] + $$"""
             "record": {"folder": "{{_tmp.File("rec")}}"},
             "replay": {"outputs": [{"type": "ndi", "target": "{{replay}}"}]},
            """ + json[(brace + 1)..]);
        _run = new ControlLiveRun(config, frames: 60 * 600);
        _programme = new StampWatch(LiveNdi.Connect(programme, () => _run.StdErr));
        _replay = new StampWatch(LiveNdi.Connect(replay, () => _run.StdErr));
        await _run.WaitUntilRunningAsync();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _programme?.Dispose();
        _replay?.Dispose();
        if (_run is not null)
        {
            int exit = _run.Stop();
            TestContext.Out.WriteLine(_run.StdOut);
            _run.Dispose();
            Assert.That(exit, Is.Zero, "b3d run exits cleanly after replaying");
        }
        _rig?.Dispose();
        _tmp?.Dispose();
    }

    [Test]
    public async Task Replay_MarkedOnAirPlayedThroughTheApi_HalfSpeedEveryStampTwiceFullSpeedOnceAndEqualToTheProgramme()
    {
        await Task.Delay(TimeSpan.FromSeconds(3)); // something recorded before the mark-in
        JsonElement markIn = await Post("/api/replay/mark-in", null);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        JsonElement marked = await Post("/api/replay/mark-out", null);
        double seconds = marked.GetProperty("markOut").GetDouble() - markIn.GetProperty("markIn").GetDouble();
        Assert.That(seconds, Is.InRange(1.2, 3), "marked at the pictures on air, 1.5 s apart");
        int expected = (int)Math.Round(seconds * 60);
        await Task.Delay(TimeSpan.FromSeconds(1)); // the index commits every 250 ms

        // Full speed: every recorded picture of the range once, in order, equal to the programme's picture of that stamp.
        (List<int> once, List<StampWatch.Seen> played, double playToMotionMs, long playFrames) = await CueAndPlay(1);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"clip of {seconds:0.000} s ({expected} frames at 60 fps): speed 1 showed {once.Count} distinct stamps {once[0]}–{once[^1]}; " +
            $"Play → first picture after the mark-in on NDI: {playToMotionMs:0.0} ms ({playToMotionMs / FrameMs:0.00} frames) after the answer, " +
            $"{playFrames} replay frames after the frame the command was applied before"));
        AssertConsecutive(once, expected);
        var counts = played.Where(f => f.Stamp is not null).GroupBy(f => f.Stamp!.Value).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(once.Skip(1).SkipLast(1).Where(s => counts[s] != 1), Is.Empty, "at speed 1 every stamp between the ends is shown exactly once");
        Dictionary<int, string> programme = [];
        foreach (StampWatch.Seen f in _programme.From(0))
        {
            if (f.Stamp is { } s)
                programme.TryAdd(s, f.Hash);
        }
        List<StampWatch.Seen> compared = [.. played.Where(f => f.Stamp is { } s && programme.ContainsKey(s))];
        Assert.That(compared, Has.Count.GreaterThanOrEqualTo(expected * 9 / 10), "replayed pictures whose stamp the programme output also showed");
        Assert.That(compared.Where(f => f.Hash != programme[f.Stamp!.Value]).Select(f => f.Stamp), Is.Empty,
            "a replayed picture equals the programme's picture of the same stamp, bit for bit (same packets, same decode, same compositor)");

        // Half speed, as the issue asks: every stamp of the range exactly twice, in order, none missing.
        (List<int> half, List<StampWatch.Seen> slow, _, _) = await CueAndPlay(0.5);
        Assert.That(half, Is.EqualTo(once), "the same pictures at half speed");
        var twice = slow.Where(f => f.Stamp is not null).GroupBy(f => f.Stamp!.Value).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(half.Skip(1).SkipLast(1).Where(s => twice[s] != 2).Select(s => $"{s}×{twice[s]}"), Is.Empty,
            "at speed 0.5 every stamp between the ends (the mark-in's is also shown paused, the last is held) is shown exactly twice");
    }

    [Test]
    public async Task ReplayCommands_BadInput_ProblemNamingTheFieldAndTheReplayGoesOn()
    {
        await Task.Delay(TimeSpan.FromSeconds(2)); // half a second before the mark-in is recorded
        await Refused("/api/replay/play", """{"speed": 3}""", HttpStatusCode.UnprocessableEntity, "speed", "outside (0, 2]");
        await Refused("/api/replay/play", """{"speed": "fast"}""", HttpStatusCode.BadRequest, "speed", "wrong type");
        await Refused("/api/replay/mark-in", """{"at": "99:00:00:00"}""", HttpStatusCode.UnprocessableEntity, "at", "outside the recording");
        await Refused("/api/replay/mark-in", """{"at": "soon"}""", HttpStatusCode.UnprocessableEntity, "at", "not a time");
        JsonElement markIn = await Post("/api/replay/mark-in", null);
        string before = (markIn.GetProperty("markIn").GetDouble() - 0.5).ToString("0.###", CultureInfo.InvariantCulture) + "s";
        await Refused("/api/replay/mark-out", $$"""{"at": "{{before}}"}""", HttpStatusCode.UnprocessableEntity, "at", "is not after the mark-in");
        await Refused("/api/replay/cue", """{"camera": "cam09"}""", HttpStatusCode.NotFound, "camera", "'cam09' is not a camera of this run");
        await Refused("/api/replay/jog", """{"frames": 0}""", HttpStatusCode.UnprocessableEntity, "frames", "not 0");
        using HttpResponseMessage state = await _run.Client.GetAsync("/api/replay");
        Assert.That(state.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the replay channel still answers");
        Assert.That(_run.StdOut + _run.StdErr, Does.Not.Contain("replay channel stopped"));
    }

    /// <summary>
    /// Cues the marked clip on cam01, waits for its mark-in picture to be held on the replay output, plays at
    /// <paramref name="speed"/> and collects the output until the last picture is held: the distinct stamps in
    /// order, the frames from the play on, and how long after the answer the first picture past the mark-in arrived.
    /// </summary>
    private async Task<(List<int> Stamps, List<StampWatch.Seen> Frames, double PlayToMotionMs, long PlayFrames)> CueAndPlay(double speed)
    {
        JsonElement cued = await Post("/api/replay/cue", """{"camera": "cam01"}""");
        Assert.That(cued.GetProperty("camera").GetString(), Is.EqualTo("cam01"));
        int from = _replay.Count;
        List<StampWatch.Seen> paused = _replay.WaitUntil(from, f => f.Count >= 10 && f.TakeLast(10).All(x => x.Stamp is not null && x.Stamp == f[^1].Stamp),
            TimeSpan.FromSeconds(10));
        Assert.That(paused, Has.Count.GreaterThanOrEqualTo(10), "the replay output shows the cued clip's first picture, held");
        int first = paused[^1].Stamp!.Value;
        int start = _replay.Count;
        JsonElement played = await Post("/api/replay/play", string.Create(CultureInfo.InvariantCulture, $$"""{"speed": {{speed}}}"""));
        long answered = Stopwatch.GetTimestamp();
        long appliedBefore = played.GetProperty("frame").GetInt64() + 1;
        // Held on the last picture for half a second: the clip has ended.
        List<StampWatch.Seen> frames = _replay.WaitUntil(start, f => f.Count > 40 && f.Any(x => x.Stamp != first) && f.TakeLast(30).All(x => x.Stamp == f[^1].Stamp),
            TimeSpan.FromSeconds(20));
        List<StampWatch.Seen> moving = [.. frames.Where(x => x.Stamp is not null)];
        StampWatch.Seen next = moving.First(x => x.Stamp != first);
        List<int> stamps = [first];
        foreach (StampWatch.Seen f in moving)
        {
            if (f.Stamp!.Value != stamps[^1])
                stamps.Add(f.Stamp.Value);
        }
        // The frames of the play: those before it (the held mark-in picture) are not counted.
        List<StampWatch.Seen> ofPlay = [.. frames.Where(x => x.Index >= appliedBefore)];
        return (stamps, ofPlay, (next.Arrived - answered) * 1000.0 / Stopwatch.Frequency, next.Index - appliedBefore);
    }

    private static void AssertConsecutive(List<int> stamps, int expected)
    {
        // The stamp is the frame number mod 4096.
        var gaps = stamps.Zip(stamps.Skip(1)).Where(p => ((p.Second - p.First) & 0xFFF) != 1).Select(p => $"{p.First}→{p.Second}").ToList();
        Assert.That(gaps, Is.Empty, "the stamps of the range follow each other: none missing, none out of order");
        Assert.That(stamps, Has.Count.InRange(expected - 2, expected + 2), "as many pictures as the marks span at 60 fps");
    }

    private async Task<JsonElement> Post(string path, string? json)
    {
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        using HttpResponseMessage r = await _run.Client.PostAsync(path, content);
        string text = await r.Content.ReadAsStringAsync();
        Assert.That(r.IsSuccessStatusCode, Is.True, $"{path}: {(int)r.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task Refused(string path, string json, HttpStatusCode status, string field, string detail)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using HttpResponseMessage r = await _run.Client.PostAsync(path, content);
        string text = await r.Content.ReadAsStringAsync();
        Assert.That(r.StatusCode, Is.EqualTo(status), $"{path} {json}: {text}");
        Assert.That(r.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        using JsonDocument problem = JsonDocument.Parse(text);
        Assert.That(problem.RootElement.GetProperty("field").GetString(), Is.EqualTo(field), text);
        Assert.That(problem.RootElement.GetProperty("detail").GetString(), Does.Contain(detail), text);
    }
}
