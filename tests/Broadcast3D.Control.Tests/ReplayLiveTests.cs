using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Broadcast3D.Cli.Tests;
using Broadcast3D.TestSupport;
using Microsoft.Playwright;

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
    private const string Chromium = "/usr/bin/chromium";

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
        // Capsules (replay.mesh none): these tests check playback, bit for bit and frame by frame; carving meshes
        // beside them would only add load (ReplayMeshLiveTests covers the meshes).
        File.WriteAllText(config, json[..(brace + 1)] + $$"""
             "record": {"folder": "{{_tmp.File("rec")}}"},
             "replay": {"outputs": [{"type": "ndi", "target": "{{replay}}"}], "mesh": "none"},
            """ + json[(brace + 1)..]);
        _run = new ControlLiveRun(config, frames: 60 * 600);
        _programme = new StampWatch(LiveNdi.Follow(programme, () => _run.StdErr), "programme", () => _run.StdErr);
        _replay = new StampWatch(LiveNdi.Follow(replay, () => _run.StdErr), "replay", () => _run.StdErr);
        await _run.WaitUntilRunningAsync();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _programme?.Dispose();
        _replay?.Dispose();
        int exit = 0;
        if (_run is not null)
        {
            exit = _run.Stop();
            TestContext.Progress.WriteLine(_run.StdOut); // the run report: programme and replay channel counters
            _run.Dispose();
        }
        _rig?.Dispose();
        _tmp?.Dispose(); // the recording and the cameras' raw loops: gone whatever the outcome
        Assert.That(exit, Is.Zero, "b3d run exits cleanly after replaying");
    }

    [Test]
    public async Task Replay_MarkedOnAirPlayedThroughTheApi_HalfSpeedEveryStampTwiceFullSpeedOnceAndEqualToTheProgramme()
    {
        await Task.Delay(TimeSpan.FromSeconds(3)); // something recorded before the mark-in
        JsonElement markIn = await _run.PostAsync("/api/replay/mark-in", null);
        // Out once the programme has shown 90 more pictures (1.5 s at 60 fps; longer on a loaded machine).
        int shown = _programme.Count;
        int? firstStamp = _programme.WaitUntil(shown, f => f.Any(x => x.Stamp is not null), TimeSpan.FromSeconds(10)).FirstOrDefault(x => x.Stamp is not null).Stamp;
        Assert.That(firstStamp, Is.Not.Null, () => $"a stamped programme picture within 10 s; {_programme.Describe()}");
        Assert.That(_programme.WaitUntil(shown, f => f.Any(x => x.Stamp is { } s && ((s - firstStamp!.Value) & 0xFFF) is >= 90 and < 2048), TimeSpan.FromSeconds(30))
            .Any(x => x.Stamp is { } s && ((s - firstStamp!.Value) & 0xFFF) is >= 90 and < 2048), Is.True, () => $"the programme shows 90 more pictures; {_programme.Describe()}");
        JsonElement marked = await _run.PostAsync("/api/replay/mark-out", null);
        double seconds = marked.GetProperty("markOut").GetDouble() - markIn.GetProperty("markIn").GetDouble();
        Assert.That(seconds, Is.InRange(1.2, 5), "marked at the pictures on air, 90 or more pictures apart");
        int expected = (int)Math.Round(seconds * 60);

        // Full speed: every recorded picture of the range once, in order, equal to the programme's picture of that stamp.
        (List<int> once, List<StampWatch.Seen> played, double playToMotionMs, long playFrames) = await CueAndPlay(1);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"clip of {seconds:0.000} s ({expected} frames at 60 fps): speed 1 showed {once.Count} distinct stamps {once[0]}–{once[^1]}; " +
            $"Play → first picture after the mark-in on NDI: {playToMotionMs:0.0} ms ({playToMotionMs / FrameMs:0.00} frames) after the answer, " +
            $"{playFrames} replay frames after the frame the command was applied before"));
        AssertPlayback(played, 1, once, expected);
        Dictionary<int, string> programme = [];
        foreach (StampWatch.Seen f in _programme.From(0))
        {
            if (f.Stamp is { } s)
                programme.TryAdd(s, f.Hash);
        }
        List<StampWatch.Seen> compared = [.. played.Where(f => f.Stamp is { } s && programme.ContainsKey(s))];
        TestContext.Out.WriteLine($"{compared.Count} replayed pictures compared with the programme's picture of the same stamp");
        Assert.That(compared.Where(f => f.Hash != programme[f.Stamp!.Value]).Select(f => f.Stamp), Is.Empty,
            "a replayed picture equals the programme's picture of the same stamp, bit for bit (same packets, same decode, same compositor)");
        // A loaded machine's programme drops pictures (channel behind), so not every replayed stamp was on air; enough are.
        Assert.That(compared, Has.Count.GreaterThanOrEqualTo(10), "replayed pictures whose stamp the programme output also showed");

        // Half speed, as the issue asks: every stamp of the range exactly twice, in order, none missing.
        (List<int> half, List<StampWatch.Seen> slow, _, _) = await CueAndPlay(0.5);
        Assert.That((half[0], half[^1]), Is.EqualTo((once[0], once[^1])), "the same range at half speed");
        AssertPlayback(slow, 0.5, half, expected);
    }

    [Test]
    public async Task ReplayCommands_BadInput_ProblemNamingTheFieldAndTheReplayGoesOn()
    {
        await Task.Delay(TimeSpan.FromSeconds(2)); // half a second before the mark-in is recorded
        await Refused("/api/replay/play", """{"speed": 3}""", HttpStatusCode.UnprocessableEntity, "speed", "outside (0, 2]");
        await Refused("/api/replay/play", """{"speed": "fast"}""", HttpStatusCode.BadRequest, "speed", "wrong type");
        await Refused("/api/replay/mark-in", """{"at": "99:00:00:00"}""", HttpStatusCode.UnprocessableEntity, "at", "outside the recording");
        await Refused("/api/replay/mark-in", """{"at": "soon"}""", HttpStatusCode.UnprocessableEntity, "at", "not a time");
        JsonElement markIn = await _run.PostAsync("/api/replay/mark-in", null);
        string before = (markIn.GetProperty("markIn").GetDouble() - 0.5).ToString("0.###", CultureInfo.InvariantCulture) + "s";
        await Refused("/api/replay/mark-out", $$"""{"at": "{{before}}"}""", HttpStatusCode.UnprocessableEntity, "at", "is not after the mark-in");
        await Refused("/api/replay/cue", """{"camera": "cam09"}""", HttpStatusCode.NotFound, "camera", "'cam09' is not a camera of this run");
        await Refused("/api/replay/jog", """{"frames": 0}""", HttpStatusCode.UnprocessableEntity, "frames", "not 0");
        using HttpResponseMessage state = await _run.Client.GetAsync("/api/replay");
        Assert.That(state.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the replay channel still answers");
        Assert.That(_run.StdOut + _run.StdErr, Does.Not.Contain("replay channel stopped"));
    }

    [Test]
    public async Task Virtual_FreezeOrbitWithDissolveThroughTheApi_VirtualPicturesThenTheRealCameraAtTheSameInstant()
    {
        int held = await MarkAndCueAsync();
        await Refused("/api/replay/virtual", """{"move": "spin"}""", HttpStatusCode.UnprocessableEntity, "move", "not a camera move");
        await Refused("/api/replay/virtual", """{"move": 3}""", HttpStatusCode.BadRequest, "move", "wrong type");
        await Refused("/api/replay/virtual", """{"move": "orbit", "freeze": -1}""", HttpStatusCode.UnprocessableEntity, "freeze", "give 1 to 600");
        await Refused("/api/replay/virtual", """{"move": "orbit", "freeze": 10, "dissolve": 20}""", HttpStatusCode.UnprocessableEntity, "dissolve",
            "longer than the 10-frame shot");
        await Refused("/api/replay/virtual", """{"move": "orbit", "freeze": 10, "athlete": 99999}""", HttpStatusCode.UnprocessableEntity, "athlete",
            "athlete 99999 was not tracked");

        int start = _replay.Count;
        JsonElement shot = await _run.PostAsync("/api/replay/virtual", """{"move": "orbit", "freeze": 60, "dissolve": 15}""");
        Assert.That(shot.GetProperty("virtual").GetString(), Is.EqualTo("orbit"), "the answer names the shot on air");
        // The shot's 60 frames (the last 15 dissolving into the real picture), then the real camera held. Counted by
        // what the pictures show, not by frame index: a loaded replay channel drops ticks, and the shot goes on a
        // frame per drawn tick.
        List<StampWatch.Seen> frames = _replay.WaitUntil(start, f => f.Any(x => x.Stamp is null) && f.TakeLast(30).All(x => x.Stamp == held),
            TimeSpan.FromSeconds(30));
        List<StampWatch.Seen> virtualFrames = [.. frames.Where(f => f.Stamp is null)];
        TestContext.Out.WriteLine($"virtual orbit, freeze of 60 at stamp {held}: {frames.Count} replay frames received after the answer, {virtualFrames.Count} " +
                                  $"of the virtual camera (no stamp; {virtualFrames.Select(f => f.Hash).Distinct().Count()} distinct), stamps seen: " +
                                  string.Join(", ", frames.Where(f => f.Stamp is not null).Select(f => f.Stamp).Distinct()));
        Assert.That(virtualFrames, Has.Count.GreaterThanOrEqualTo(10),
            () => $"frames of the virtual camera received (the floor and the bodies carry no camera stamp); {_replay.Describe()}");
        Assert.That(virtualFrames.Select(f => f.Hash).Distinct().Count(), Is.GreaterThan(virtualFrames.Count / 2), "the camera orbits: the pictures change");
        Assert.That(frames.Where(f => f.Stamp is not null).Select(f => f.Stamp), Has.All.EqualTo(held),
            "the real camera only at the frozen instant: before the shot, through the dissolve and after it");
        Assert.That(frames.TakeLast(30).Select(f => f.Stamp), Has.All.EqualTo(held), "back on the real camera at the same instant, held");
        var clock = Stopwatch.StartNew();
        JsonValueKind after;
        do
        {
            using HttpResponseMessage state = await _run.Client.GetAsync("/api/replay");
            using JsonDocument status = JsonDocument.Parse(await state.Content.ReadAsStringAsync());
            after = status.RootElement.GetProperty("virtual").ValueKind;
        }
        while (after != JsonValueKind.Null && clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.That(after, Is.EqualTo(JsonValueKind.Null), "the shot is over: the state says the real camera is on");
    }

    [Test]
    public async Task PreviewReplay_ChannelRunning_JpegOfTheReplayAsDrawnAndBadWidthRefused()
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        using HttpResponseMessage preview = await _run.Client.GetAsync("/api/preview/replay.jpg?width=136");
        Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.OK), await preview.Content.ReadAsStringAsync());
        Assert.That(preview.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
        Assert.That(preview.Headers.GetValues("X-B3d-Frame").Single(), Does.Match("^[0-9]+$"), "the replay frame it was taken at");
        string jpeg = Path.Combine(TestContext.CurrentContext.WorkDirectory, "replay-preview.jpg");
        await File.WriteAllBytesAsync(jpeg, await preview.Content.ReadAsByteArrayAsync());
        Media.RgbaImage image = Media.ImageFile.ReadRgba(jpeg);
        Assert.That((image.Width, image.Height), Is.EqualTo((136, 240)), "scaled to the width asked, the replay's aspect kept");
        using HttpResponseMessage narrow = await _run.Client.GetAsync("/api/preview/replay?width=8");
        Assert.That(narrow.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await narrow.Content.ReadAsStringAsync(), Does.Contain("\"field\":\"width\""));
    }

    [Test]
    public async Task Panel_ReplayThumbnailAndVirtualCameraButton_ReplayOutputFollows()
    {
        Assert.That(File.Exists(Chromium), Is.True, $"{Chromium} is missing: run scripts/setup.sh (apt package chromium)");
        int held = await MarkAndCueAsync();
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium });
        IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1180, Height = 820 }, HasTouch = true });
        // What this test answers for: script errors and failed replay requests. The panel's programme and camera
        // thumbnails are the programme channel's (503 when it draws no frame within 2 s: seen at load average 40 with
        // two channels compositing on llvmpipe); they are listed, not asserted here (ControlLiveTests' panel test does).
        var errors = new List<string>();
        var others = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                errors.Add(m.Text);
        };
        page.PageError += (_, e) => errors.Add(e);
        page.Response += (_, r) =>
        {
            if (r.Status >= 400)
                (r.Url.Contains("/api/replay", StringComparison.Ordinal) || r.Url.Contains("/api/preview/replay", StringComparison.Ordinal) ? errors : others).Add($"{r.Status} {r.Request.Method} {r.Url}");
        };
        await page.GotoAsync(new Uri(_run.Address, "/#token=" + ControlLiveRun.Token).AbsoluteUri);
        await Assertions.Expect(page.Locator("#replay-view")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        // The thumbnail shows once its first JPEG has loaded (a blob URL with a decoded picture).
        await page.WaitForFunctionAsync("() => { const i = document.getElementById('replay-preview'); return i.src.startsWith('blob:') && i.naturalWidth > 0; }",
            null, new() { Timeout = 15_000 });

        await page.Locator("#replay-move").SelectOptionAsync("fly:side");
        await page.Locator("#replay-freeze").FillAsync("40");
        await page.Locator("#replay-dissolve").FillAsync("10");
        int start = _replay.Count;
        await page.Locator("#replay-virtual").ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("virtual camera fly:side", new() { Timeout = 10_000 });
        List<StampWatch.Seen> frames = _replay.WaitUntil(start, f => f.SkipWhile(x => x.Stamp is not null).Any(x => x.Stamp is null) && f.TakeLast(20).All(x => x.Stamp == held)
            && f.Count > 40, TimeSpan.FromSeconds(30));
        int unstamped = frames.Count(f => f.Stamp is null);
        TestContext.Out.WriteLine($"panel virtual fly:side, freeze of 40 at stamp {held}: {frames.Count} replay frames received, {unstamped} of the virtual camera");
        Assert.That(unstamped, Is.GreaterThanOrEqualTo(10), () => $"the virtual camera's pictures on the replay output after the click; {_replay.Describe()}");
        Assert.That(frames.TakeLast(20).Select(f => f.Stamp), Has.All.EqualTo(held), "then the real camera at the same instant");
        await page.WaitForFunctionAsync("() => document.getElementById('replay-preview').naturalWidth > 0");
        string path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "panel-replay.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, "the panel with the replay thumbnail after the virtual camera shot");
        TestContext.Out.WriteLine($"the panel's other failed requests: {(others.Count == 0 ? "none" : string.Join("; ", others))}");
        Assert.That(errors, Is.Empty, "script errors or failed replay requests in the panel");
    }

    /// <summary>
    /// Marks a clip of about a second "now" once someone is tracked (the virtual camera needs the 3D), cues it on cam01
    /// and waits for its mark-in picture held on the replay output; returns that picture's stamp.
    /// </summary>
    private async Task<int> MarkAndCueAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using HttpResponseMessage people = await _run.Client.GetAsync("/api/people");
            using JsonDocument list = JsonDocument.Parse(await people.Content.ReadAsStringAsync());
            if (list.RootElement.GetArrayLength() > 0)
                break;
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(90)), () => $"nobody tracked within 90 s; b3d said:\n{_run.StdErr}");
            await Task.Delay(250);
        }
        await _run.PostAsync("/api/replay/mark-in", null);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await _run.PostAsync("/api/replay/mark-out", null);
        await _run.PostWhenRecordedAsync("/api/replay/cue", """{"camera": "cam01"}""", TimeSpan.FromSeconds(10));
        int from = _replay.Count;
        List<StampWatch.Seen> paused = _replay.WaitUntil(from, f => f.Count >= 10 && f.TakeLast(10).All(x => x.Stamp is not null && x.Stamp == f[^1].Stamp),
            TimeSpan.FromSeconds(10));
        Assert.That(paused, Has.Count.GreaterThanOrEqualTo(10), () => $"the replay output shows the cued clip's first picture, held; {_replay.Describe()}");
        return paused[^1].Stamp!.Value;
    }

    /// <summary>
    /// Cues the marked clip on cam01, waits for its mark-in picture to be held on the replay output, plays at
    /// <paramref name="speed"/> and collects the output until the last picture is held: the distinct stamps in
    /// order, the frames from the play on, and how long after the answer the first picture past the mark-in arrived.
    /// </summary>
    private async Task<(List<int> Stamps, List<StampWatch.Seen> Frames, double PlayToMotionMs, long PlayFrames)> CueAndPlay(double speed)
    {
        // The index commits every 250 ms: a clip marked out at the picture on air is cued once its rows are in.
        JsonElement cued = await _run.PostWhenRecordedAsync("/api/replay/cue", """{"camera": "cam01"}""", TimeSpan.FromSeconds(10));
        Assert.That(cued.GetProperty("camera").GetString(), Is.EqualTo("cam01"));
        int from = _replay.Count;
        List<StampWatch.Seen> paused = _replay.WaitUntil(from, f => f.Count >= 10 && f.TakeLast(10).All(x => x.Stamp is not null && x.Stamp == f[^1].Stamp),
            TimeSpan.FromSeconds(10));
        Assert.That(paused, Has.Count.GreaterThanOrEqualTo(10), () => $"the replay output shows the cued clip's first picture, held; {_replay.Describe()}");
        int first = paused[^1].Stamp!.Value;
        int start = _replay.Count;
        JsonElement played = await _run.PostAsync("/api/replay/play", string.Create(CultureInfo.InvariantCulture, $$"""{"speed": {{speed}}}"""));
        long answered = Stopwatch.GetTimestamp();
        long appliedBefore = played.GetProperty("frame").GetInt64() + 1;
        // Held on the last picture for half a second: the clip has ended.
        List<StampWatch.Seen> frames = _replay.WaitUntil(start, f => f.Count > 40 && f.Any(x => x.Stamp != first) && f.TakeLast(30).All(x => x.Stamp == f[^1].Stamp),
            TimeSpan.FromSeconds(20));
        List<StampWatch.Seen> moving = [.. frames.Where(x => x.Stamp is not null)];
        Assert.That(moving.Any(x => x.Stamp != first), Is.True, () => $"the replay moves on from the mark-in picture within 20 s of play; {_replay.Describe()}");
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

    /// <summary>
    /// The replay output of one play at <paramref name="speed"/> (<paramref name="frames"/>, in arrival order, each
    /// with its replay frame index): between two frames received with consecutive indices the stamp moves on by 0 or
    /// 1 at 0.5 and by exactly 1 at speed 1 (until the last picture, held): none missing, none out of order; at 0.5
    /// every stamp whose showing is received without a gap is shown exactly twice. Where indices jump (a tick the
    /// replay channel dropped behind real time, or a frame this receiver missed on a loaded machine) the stamp may
    /// move on by at most what the missing frames could have shown. At least 10 stamps must be checked without a gap.
    /// </summary>
    private static void AssertPlayback(List<StampWatch.Seen> frames, double speed, List<int> stamps, int expected)
    {
        List<StampWatch.Seen> seen = [.. frames.Where(f => f.Stamp is not null)];
        int last = stamps[^1];
        var wrong = new List<string>();
        long missing = 0;
        for (int i = 1; i < seen.Count; i++)
        {
            long d = seen[i].Index - seen[i - 1].Index;
            int moved = (seen[i].Stamp!.Value - seen[i - 1].Stamp!.Value) & 0xFFF; // stamps are frame numbers mod 4096
            missing += Math.Max(0, d - 1);
            bool held = seen[i - 1].Stamp == last;
            bool ok = d == 1
                ? speed >= 1 ? moved == 1 || (held && moved == 0) : moved is 0 or 1
                : d > 1 && moved <= Math.Ceiling(d * speed);
            if (!ok)
                wrong.Add($"{seen[i - 1].Stamp}@{seen[i - 1].Index}→{seen[i].Stamp}@{seen[i].Index}");
        }
        int strict = 0;
        var notTwice = new List<string>();
        for (int i = 1, start = 0; i <= seen.Count; i++)
        {
            if (i < seen.Count && seen[i].Stamp == seen[start].Stamp)
                continue;
            // seen[start..i) show one stamp: checked when received with consecutive indices, neighbours included.
            bool bounded = start > 0 && i < seen.Count && seen[start].Stamp != stamps[0] && seen[start].Stamp != last;
            for (int k = Math.Max(1, start); bounded && k <= Math.Min(i, seen.Count - 1); k++)
                bounded = seen[k].Index - seen[k - 1].Index == 1;
            if (bounded)
            {
                strict++;
                int expectedCount = speed >= 1 ? 1 : (int)Math.Round(1 / speed);
                if (i - start != expectedCount)
                    notTwice.Add($"{seen[start].Stamp}×{i - start}");
            }
            start = i;
        }
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"speed {speed}: {seen.Count} frames received, stamps {stamps[0]}–{last} ({stamps.Count} distinct), {strict} stamps received without a gap, " +
            $"{missing} frame indices not received (ticks dropped behind real time or frames missed by this receiver)"));
        Assert.That(wrong, Is.Empty, $"at speed {speed} the stamps follow each other: none missing, none out of order");
        Assert.That(notTwice, Is.Empty, $"at speed {speed} each stamp is shown {(speed >= 1 ? "once" : "exactly twice")}");
        Assert.That(strict, Is.GreaterThanOrEqualTo(10), "stamps whose showing was received without a gap (the check is not vacuous)");
        Assert.That(((last - stamps[0]) & 0xFFF) + 1, Is.InRange(expected - 2, expected + 2), "the range spans as many pictures as the marks at 60 fps");
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
