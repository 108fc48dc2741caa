using System.Globalization;
using System.Text.RegularExpressions;
using Broadcast3D.Cli.Tests;
using Broadcast3D.TestSupport;
using Microsoft.Playwright;
using static Broadcast3D.TestSupport.OverlayPixels;

namespace Broadcast3D.Control.Tests;

/// <summary>
/// The control API and panel against a real live run: two cameras over UDP (<see cref="LiveRig"/>), tracking, the
/// programme on NDI received here (<see cref="ProgrammeWatch"/>), commands sent over HTTP or clicked in Debian's
/// Chromium. Whether a command is on air is read from the NDI pictures; when, from their timecodes (the programme
/// frame index) against the acknowledgement's frames. One run serves both tests (a model load is half a minute).
/// </summary>
[NonParallelizable]
[Category("Live")]
public class ControlLiveTests
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>Far fewer orange pixels than a skeleton (<see cref="MinimumSkeletonPixels"/>): the camera's own and the NDI decode's strays.</summary>
    private const int NoSkeleton = 20;

    /// <summary>The lower third's accent bar at 272×480 is about 4.8 × 74 px; chroma subsampling blurs its edges.</summary>
    private const int LowerThirdPixels = 60;

    private TempFolder _tmp = null!;
    private LiveRig _rig = null!;
    private ControlLiveRun _run = null!;
    private ProgrammeWatch _watch = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _tmp = new TempFolder("b3d-control-live");
        _rig = new LiveRig(_tmp);
        string name = $"B3D ctl {Guid.NewGuid():N}"[..20];
        string config = _rig.Config(_tmp, $$"""[{"type": "ndi", "target": "{{name}}"}]""", delayFrames: 2,
            overlayJson: """{"skeleton": true, "labels": false, "maxSkeletonAgeMs": 3000}""");
        _run = new ControlLiveRun(config, frames: 60 * 600);
        _watch = new ProgrammeWatch(LiveNdi.Follow(name, () => _run.StdErr), () => _run.StdErr);
        await _run.WaitUntilRunningAsync();
    }

    /// <summary>Each test starts from the configuration's graphics, whatever the one before left on air.</summary>
    [SetUp]
    public async Task ResetGraphicsAsync()
    {
        await _run.CommandAsync("/api/overlays", """{"kind": "skeleton", "on": true}""");
        await _run.CommandAsync("/api/lower-third/clear", null);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        try
        {
            int exit = _run.Stop();
            TestContext.Out.WriteLine(_run.StdOut);
            Assert.That(exit, Is.Zero, _run.StdErr);
            Assert.That(_run.StdOut, Does.Match(@"channel: [1-9]\d* frames out"));
            Assert.That(_run.StdErr, Does.Not.Contain(ControlLiveRun.Token), "the token is never logged");
        }
        finally
        {
            _watch.Dispose();
            _run.Dispose();
            _rig.Dispose();
            _tmp.Dispose();
        }
    }

    [Test]
    public async Task Api_SkeletonOffAndLowerThird_OnTheNdiProgrammeFromTheFrameTheAcknowledgementNames()
    {
        WaitForSkeleton();

        (long posted, long applied) = await _run.CommandAsync("/api/overlays", """{"kind": "skeleton", "on": false}""");
        _watch.WaitForIndex(applied + 60);
        List<ProgrammeWatch.Seen> after = [.. _watch.Frames.Where(f => f.Index >= applied && f.Index < applied + 60)];
        TestContext.Out.WriteLine($"skeleton off: posted at frame {posted}, applied at {applied} ({applied - posted} frame(s)); " +
                                  $"{after.Count} frames received from it, most orange {after.Max(f => f.Orange)}");
        AssertFirstFrameAfter(posted, applied);
        Assert.That(after, Is.Not.Empty);
        Assert.That(after.Max(f => f.Orange), Is.LessThan(NoSkeleton), "no skeleton on any programme frame from the applied one");

        (long ltPosted, long ltApplied) = await _run.CommandAsync("/api/lower-third", """{"title": "Ada Lovelace", "subtitle": "Balancing trial"}""");
        _watch.WaitForIndex(ltApplied + 30);
        List<ProgrammeWatch.Seen> frames = _watch.Frames;
        List<ProgrammeWatch.Seen> before = [.. frames.Where(f => f.Index > ltPosted - 30 && f.Index < ltApplied)];
        List<ProgrammeWatch.Seen> on = [.. frames.Where(f => f.Index >= ltApplied && f.Index < ltApplied + 30)];
        TestContext.Out.WriteLine($"lower third: posted at frame {ltPosted}, applied at {ltApplied}; accent pixels before {Describe(before)}, from it {Describe(on)}");
        AssertFirstFrameAfter(ltPosted, ltApplied);
        Assert.That(on, Is.Not.Empty);
        Assert.That(on.Min(f => f.Magenta), Is.GreaterThanOrEqualTo(LowerThirdPixels), "the lower third on every frame from the applied one");
        Assert.That(before.Count == 0 ? 0 : before.Max(f => f.Magenta), Is.LessThan(10), "no lower third before it");

        // The preview shows the programme as drawn: the lower third's accent in its bottom-left quarter; scaled on request.
        Media.RgbaImage half = await PreviewAsync(136, "preview-half");
        Assert.That((half.Width, half.Height), Is.EqualTo((136, 240)), "half the programme's size, its aspect kept");
        Media.RgbaImage full = await PreviewAsync(272, "preview-lower-third");
        int accent = 0;
        for (int y = full.Height / 2; y < full.Height; y++)
        {
            for (int x = 0; x < full.Width / 2; x++)
            {
                int i = (y * full.Stride) + (x * 4);
                accent += ProgrammeWatch.IsMagenta(full.Pixels[i], full.Pixels[i + 1], full.Pixels[i + 2]) ? 1 : 0;
            }
        }
        TestContext.Out.WriteLine($"preview: {accent} accent pixels");
        Assert.That(accent, Is.GreaterThanOrEqualTo(LowerThirdPixels / 2), "the lower third's accent in the preview (JPEG 4:2:0 blurs the thin bar)");

        (_, long cleared) = await _run.CommandAsync("/api/lower-third/clear", null);
        (_, long skeletonOn) = await _run.CommandAsync("/api/overlays", """{"kind": "skeleton", "on": true}""");
        _watch.WaitForIndex(cleared + 30);
        Assert.That(_watch.Frames.Where(f => f.Index >= cleared + 1).Max(f => f.Magenta), Is.LessThan(10), "the lower third cleared");
        // The skeleton comes back as soon as tracking has the athlete (not frame-exact: tracking publishes 2–3 times a second here).
        Assert.That(_watch.WaitFor(f => f.Index >= skeletonOn && f.Orange >= MinimumSkeletonPixels, TimeSpan.FromSeconds(20)), Is.Not.Null,
            "the skeleton back on air");
    }

    [Test]
    public async Task PluginSettings_SkeletonColourAtRunTime_OnTheNdiProgrammeThenRefusedSettingsChangeNothing()
    {
        WaitForSkeleton();
        try
        {
            await SkeletonColourAsync();
        }
        finally
        {
            // The configuration's settings back, for the tests after this one.
            await PutAsync("/api/plugins/skeleton/settings", "{}");
        }
    }

    private async Task SkeletonColourAsync()
    {
        (long posted, long applied) = await PutAsync("/api/plugins/skeleton/settings", """{"colour": "#00FF00"}""");
        // The next frames may carry an old tracking result or none: wait for the athlete drawn in the new colour.
        ProgrammeWatch.Seen? green = _watch.WaitFor(f => f.Index >= applied && f.Green >= MinimumSkeletonPixels, TimeSpan.FromSeconds(20));
        List<ProgrammeWatch.Seen> after = [.. _watch.Frames.Where(f => f.Index >= applied)];
        TestContext.Out.WriteLine($"skeleton colour #00FF00: posted at frame {posted}, applied at {applied}; first green skeleton at {green?.Index}; " +
                                  $"most orange from the applied frame {after.Max(f => f.Orange)}");
        AssertFirstFrameAfter(posted, applied);
        Assert.That(green, Is.Not.Null, "the skeleton drawn in the colour set at run time");
        Assert.That(after.Max(f => f.Orange), Is.LessThan(NoSkeleton), "no orange skeleton from the applied frame");

        using HttpRequestMessage bad = new(HttpMethod.Put, "/api/plugins/skeleton/settings")
        {
            Content = new StringContent("""{"colour": "#FF8000", "boneRadiusMetres": 5}""", System.Text.Encoding.UTF8, "application/json"),
        };
        using HttpResponseMessage refused = await _run.Client.SendAsync(bad);
        string text = await refused.Content.ReadAsStringAsync();
        Assert.That((int)refused.StatusCode, Is.EqualTo(422), text);
        using (System.Text.Json.JsonDocument problem = System.Text.Json.JsonDocument.Parse(text))
            Assert.That(problem.RootElement.GetProperty("field").GetString(), Is.EqualTo("boneRadiusMetres"), text);
        long now = _watch.Frames[^1].Index;
        _watch.WaitForIndex(now + 30);
        Assert.That(_watch.Frames.Where(f => f.Index > now).Max(f => f.Orange), Is.LessThan(NoSkeleton), "refused settings left the green skeleton on air");
    }

    [Test]
    public async Task Panel_ClickSkeletonOffAndTakeALowerThird_NdiProgrammeFollows()
    {
        Assert.That(File.Exists(Chromium), Is.True, $"{Chromium} is missing: run scripts/setup.sh (apt package chromium)");
        WaitForSkeleton();
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium });
        // A tablet in landscape.
        IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1180, Height = 820 }, HasTouch = true });
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
                errors.Add(m.Text);
        };
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(new Uri(_run.Address, "/#token=" + ControlLiveRun.Token).AbsoluteUri);
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("on air", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#people tbody tr")).Not.ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await Screenshot(page, "panel-on-air", "the panel on air: sources, overlays, people, counters");

        await page.GetByRole(AriaRole.Button, new() { Name = "Skeleton off", Exact = true }).First.ClickAsync();
        long applied = await AppliedFrameAsync(page, "overlay skeleton off");
        _watch.WaitForIndex(applied + 60);
        List<ProgrammeWatch.Seen> after = [.. _watch.Frames.Where(f => f.Index >= applied && f.Index < applied + 60)];
        TestContext.Out.WriteLine($"panel skeleton off: applied at frame {applied}; most orange after {after.Max(f => f.Orange)}");
        Assert.That(after.Max(f => f.Orange), Is.LessThan(NoSkeleton), "no skeleton on the programme after the click");

        await page.Locator("#lt-title").FillAsync("Grace Hopper");
        await page.Locator("#lt-subtitle").FillAsync("Typed in the panel");
        await page.Locator("#lt-take").ClickAsync();
        long taken = await AppliedFrameAsync(page, "lower third take");
        _watch.WaitForIndex(taken + 30);
        List<ProgrammeWatch.Seen> on = [.. _watch.Frames.Where(f => f.Index >= taken && f.Index < taken + 30)];
        TestContext.Out.WriteLine($"panel lower third: applied at frame {taken}; accent pixels {Describe(on)}");
        Assert.That(on.Min(f => f.Magenta), Is.GreaterThanOrEqualTo(LowerThirdPixels), "the typed lower third on the programme");
        await Assertions.Expect(page.Locator("#on-air")).ToContainTextAsync("Grace Hopper");
        await Screenshot(page, "panel-after-commands", "the panel after skeleton off and a lower third");
        SaveProgramme("programme-after-panel", "the NDI programme received after the panel's commands");

        await page.Locator("#lt-clear").ClickAsync();
        await AppliedFrameAsync(page, "lower third clear");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skeleton on", Exact = true }).ClickAsync();
        await AppliedFrameAsync(page, "overlay skeleton on");
        Assert.That(errors, Is.Empty, "console errors in the panel");
    }

    /// <summary>
    /// The command is on air from the first programme frame put out after the request: the next frame (one frame
    /// after the one the channel was on), unless the channel dropped ticks to stay on the wall clock meanwhile (a
    /// loaded machine), in which case no frame between the two was put out.
    /// </summary>
    private void AssertFirstFrameAfter(long posted, long applied)
    {
        Assert.That(applied, Is.GreaterThan(posted));
        if (applied - posted > 2)
        {
            long[] between = [.. _watch.Frames.Where(f => f.Index > posted && f.Index < applied).Select(f => f.Index)];
            Assert.That(between, Is.Empty, $"programme frames put out between the request (frame {posted}) and the frame that applied it ({applied})");
        }
    }

    private async Task<(long Posted, long Applied)> PutAsync(string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage r = await _run.Client.PutAsync(path, content);
        string text = await r.Content.ReadAsStringAsync();
        Assert.That(r.IsSuccessStatusCode, Is.True, $"{path}: {(int)r.StatusCode} {text}");
        using System.Text.Json.JsonDocument doc = System.Text.Json.JsonDocument.Parse(text);
        return (doc.RootElement.GetProperty("postedAtFrame").GetInt64(), doc.RootElement.GetProperty("appliedAtFrame").GetInt64());
    }

    private void WaitForSkeleton() =>
        Assert.That(_watch.WaitFor(f => f.Orange >= MinimumSkeletonPixels, TimeSpan.FromSeconds(60)), Is.Not.Null,
            () => $"no skeleton on the NDI programme within a minute (tracking); {_watch.Describe()}");

    /// <summary>The frame from which the panel's last command is on air, as its status line reports the acknowledgement.</summary>
    private static async Task<long> AppliedFrameAsync(IPage page, string command)
    {
        ILocator message = page.Locator("#message");
        await Assertions.Expect(message).ToContainTextAsync($"{command}: on air from frame", new() { Timeout = 10_000 });
        Match m = Regex.Match(await message.TextContentAsync() ?? "", @"frame (\d+)");
        return long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The API's programme preview <paramref name="width"/> wide, saved beside the results and decoded.</summary>
    private async Task<Media.RgbaImage> PreviewAsync(int width, string name)
    {
        using HttpResponseMessage preview = await _run.Client.GetAsync($"/api/preview/programme.jpg?width={width}");
        Assert.That(preview.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), await preview.Content.ReadAsStringAsync());
        Assert.That(preview.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
        string jpeg = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"{name}.jpg");
        await File.WriteAllBytesAsync(jpeg, await preview.Content.ReadAsByteArrayAsync());
        TestContext.AddTestAttachment(jpeg, $"the API's programme preview, {width} px wide");
        return Media.ImageFile.ReadRgba(jpeg);
    }

    private static async Task Screenshot(IPage page, string name, string description)
    {
        string path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"{name}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, description);
    }

    /// <summary>The last programme frame received, as a PNG beside the results (ffmpeg from raw RGB).</summary>
    private void SaveProgramme(string name, string description)
    {
        byte[]? rgb = _watch.LastRgb;
        if (rgb is null)
            return;
        string raw = _tmp.File($"{name}.rgb"), png = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"{name}.png");
        File.WriteAllBytes(raw, rgb);
        ProcessRunner.Result r = ProcessRunner.Run("ffmpeg", ["-v", "error", "-nostdin", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{Width}x{Height}", "-i", raw, png]);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        TestContext.AddTestAttachment(png, description);
    }

    private static string Describe(List<ProgrammeWatch.Seen> frames) =>
        frames.Count == 0 ? "(none received)" : $"{frames.Min(f => f.Magenta)}–{frames.Max(f => f.Magenta)} over {frames.Count} frames";
}
