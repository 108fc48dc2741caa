using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Broadcast3D.Cli.Tests;
using Broadcast3D.TestSupport;
using Microsoft.Playwright;

namespace Broadcast3D.Control.Tests;

/// <summary>
/// Programme camera switching and camera previews against a real live run: two stamped cameras
/// (<see cref="StampedCameraRig"/> with distinct stamps, so every picture says which camera it came from) streamed
/// over UDP, tracking on, the programme on NDI received here (<see cref="ProgrammeWatch"/>). A cut is read from the
/// stamps of the received programme against the acknowledgement's frame; previews are decoded and their stamps read.
/// One run serves the tests (a model load is half a minute).
/// </summary>
[NonParallelizable]
[Category("Live")]
public class ProgrammeLiveTests
{
    private const string Chromium = "/usr/bin/chromium";

    private TempFolder _tmp = null!;
    private StampedCameraRig _rig = null!;
    private ControlLiveRun _run = null!;
    private ProgrammeWatch _watch = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _tmp = new TempFolder("b3d-programme-live");
        _rig = new StampedCameraRig(_tmp, 2, distinctStamps: true);
        string name = $"B3D pgm {Guid.NewGuid():N}"[..20];
        string config = _rig.Config(_tmp, $$"""[{"type": "ndi", "target": "{{name}}"}]""", delayFrames: 2);
        _run = new ControlLiveRun(config, frames: 60 * 600);
        _watch = new ProgrammeWatch(LiveNdi.Follow(name, () => _run.StdErr), () => _run.StdErr, stamp => _rig.CameraOfStamp(stamp, _rig.FramesWritten));
        await _run.WaitUntilRunningAsync();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        try
        {
            int exit = _run.Stop();
            TestContext.Out.WriteLine(_run.StdOut);
            Assert.That(exit, Is.Zero, _run.StdErr);
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
    public async Task Programme_CutToAnotherCamera_StampsSwitchOnTheNdiProgrammeAtTheAcknowledgedFrame()
    {
        await CutAndCheckAsync("cam01", 0);
        await CutAndCheckAsync("cam03", 1);
        await CutAndCheckAsync("cam01", 0);
        Assert.That(await ProgrammeCameraAsync(), Is.EqualTo("cam01"), "the state names the camera on the programme");

        // A refused cut changes nothing: the programme stays on cam01.
        using HttpResponseMessage refused = await _run.Client.PostAsync("/api/programme",
            new StringContent("""{"camera": "cam09"}""", System.Text.Encoding.UTF8, "application/json"));
        string text = await refused.Content.ReadAsStringAsync();
        Assert.That((int)refused.StatusCode, Is.EqualTo(404), text);
        using (JsonDocument problem = JsonDocument.Parse(text))
            Assert.That(problem.RootElement.GetProperty("field").GetString(), Is.EqualTo("camera"));
        long now = _watch.Frames[^1].Index;
        _watch.WaitForIndex(now + 30);
        Assert.That(_watch.Frames.Where(f => f.Index > now && f.Camera is not null).Select(f => f.Camera), Is.All.EqualTo(0), "still cam01 after the refused cut");
    }

    [Test]
    public async Task Preview_EveryCameraAndTheProgramme_ScaledJpegsShowingTheirCamerasStamps()
    {
        await CutAndCheckAsync("cam03", 1);
        (Media.RgbaImage cam01, long frame) = await PreviewAsync("cam01", 272);
        Assert.That((cam01.Width, cam01.Height), Is.EqualTo((StampedCameraRig.Width, StampedCameraRig.Height)));
        Assert.That(CameraOf(cam01), Is.EqualTo(0), "cam01's preview shows cam01's stamp although the programme is on cam03");
        Assert.That(frame, Is.GreaterThan(0), "X-B3d-Frame: the programme frame it was taken at");
        (Media.RgbaImage cam03, _) = await PreviewAsync("cam03", 272);
        Assert.That(CameraOf(cam03), Is.EqualTo(1));
        (Media.RgbaImage programme, _) = await PreviewAsync("programme", 272);
        Assert.That(CameraOf(programme), Is.EqualTo(1), "the programme preview shows the camera cut to");
        (Media.RgbaImage small, _) = await PreviewAsync("cam01", 68);
        Assert.That((small.Width, small.Height), Is.EqualTo((68, 120)), "scaled, its aspect kept");

        // A wall of panels costs the channel one picture per source at most twice a second.
        (_, long first) = await PreviewAsync("cam01", 136);
        (_, long again) = await PreviewAsync("cam01", 136);
        Assert.That(again, Is.EqualTo(first), "a second request within 500 ms gets the same picture");
    }

    [Test]
    public async Task Panel_CameraButtonsAndThumbnails_CutTheProgramme()
    {
        Assert.That(File.Exists(Chromium), Is.True, $"{Chromium} is missing: run scripts/setup.sh (apt package chromium)");
        await CutAndCheckAsync("cam01", 0);
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium });
        IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1180, Height = 820 }, HasTouch = true });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
                errors.Add(m.Text);
        };
        await page.GotoAsync(new Uri(_run.Address, "/#token=" + ControlLiveRun.Token).AbsoluteUri);
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("on air", new() { Timeout = 15_000 });
        // Every camera's thumbnail loads (a JPEG from the API) beside the programme's.
        foreach (string camera in new[] { "cam01", "cam03" })
        {
            ILocator img = page.Locator($"#camera-views figure[data-camera='{camera}'] img");
            await Assertions.Expect(img).ToHaveAttributeAsync("src", new Regex("^blob:"), new() { Timeout = 15_000 });
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Cut cam03", Exact = true }).ClickAsync();
        ILocator message = page.Locator("#message");
        await Assertions.Expect(message).ToContainTextAsync("programme cam03: on air from frame", new() { Timeout = 10_000 });
        long applied = long.Parse(Regex.Match(await message.TextContentAsync() ?? "", @"frame (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        _watch.WaitForIndex(applied + 30);
        Assert.That(_watch.Frames.Where(f => f.Index >= applied + 2 && f.Index < applied + 30 && f.Camera is not null).Select(f => f.Camera),
            Is.Not.Empty.And.All.EqualTo(1), "cam03 on the NDI programme after the click");
        await Assertions.Expect(page.Locator("#camera-views figure.programme")).ToHaveAttributeAsync("data-camera", "cam03", new() { Timeout = 5_000 });
        string path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "panel-multiviewer.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, "the panel's multiviewer: programme and both cameras, cam03 cut to");
        Assert.That(errors, Is.Empty, "console errors in the panel");
    }

    /// <summary>
    /// Cuts to <paramref name="camera"/> and checks the received programme: from 2 frames after the acknowledged frame
    /// every stamped picture is camera <paramref name="index"/>'s, and up to 2 frames before it none was (when it was
    /// not already on). Logs where the stamps actually switched.
    /// </summary>
    private async Task CutAndCheckAsync(string camera, int index)
    {
        // Stamps on air first (the cameras' first pictures after the start).
        Assert.That(_watch.WaitFor(f => f.Camera is not null, TimeSpan.FromSeconds(30)), Is.Not.Null, () => $"no stamped picture on the NDI programme:\n{_run.StdErr}");
        int? before = _watch.Frames.LastOrDefault(f => f.Camera is not null).Camera;
        (long posted, long applied) = await _run.CommandAsync("/api/programme", $$"""{"camera": "{{camera}}"}""");
        _watch.WaitForIndex(applied + 30);
        List<ProgrammeWatch.Seen> frames = [.. _watch.Frames.Where(f => f.Camera is not null && f.Index > posted - 30 && f.Index < applied + 30)];
        long? firstNew = frames.FirstOrDefault(f => f.Index >= posted && f.Camera == index) is { Camera: not null } s ? s.Index : null;
        TestContext.Out.WriteLine($"cut to {camera}: posted at frame {posted}, acknowledged on air at {applied}; the stamps show it from frame {firstNew?.ToString(CultureInfo.InvariantCulture) ?? "(never)"} " +
                                  $"({frames.Count} stamped frames received around it, camera before: {before})");
        List<ProgrammeWatch.Seen> after = [.. frames.Where(f => f.Index >= applied + 2)];
        Assert.That(after, Is.Not.Empty, "stamped programme frames received after the cut");
        Assert.That(after.Select(f => f.Camera), Is.All.EqualTo(index), $"only {camera} from 2 frames after the acknowledged frame {applied}");
        if (before != index)
        {
            Assert.That(frames.Where(f => f.Index < applied - 2).Select(f => f.Camera), Is.All.Not.EqualTo(index),
                $"{camera} not on air more than 2 frames before the acknowledged frame {applied}");
        }
        Assert.That(await ProgrammeCameraAsync(), Is.EqualTo(camera));
    }

    private async Task<string?> ProgrammeCameraAsync()
    {
        using HttpResponseMessage r = await _run.Client.GetAsync("/api/state");
        using JsonDocument state = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return state.RootElement.GetProperty("counters").GetProperty("programmeCamera").GetString();
    }

    /// <summary>The API's preview of <paramref name="source"/>, saved beside the results and decoded, and the frame it was taken at.</summary>
    private async Task<(Media.RgbaImage Image, long Frame)> PreviewAsync(string source, int width)
    {
        using HttpResponseMessage preview = await _run.Client.GetAsync($"/api/preview/{source}.jpg?width={width}");
        Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.OK), await preview.Content.ReadAsStringAsync());
        Assert.That(preview.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
        string jpeg = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"preview-{source}-{width}.jpg");
        await File.WriteAllBytesAsync(jpeg, await preview.Content.ReadAsByteArrayAsync());
        TestContext.AddTestAttachment(jpeg, $"the API's {source} preview, {width} px wide");
        return (Media.ImageFile.ReadRgba(jpeg), long.Parse(preview.Headers.GetValues("X-B3d-Frame").Single(), CultureInfo.InvariantCulture));
    }

    /// <summary>The camera a full-size preview's stamp says (the green channel sits at the same offset in RGBA as in BGRA).</summary>
    private int? CameraOf(Media.RgbaImage image) =>
        FrameStamp.Read(image.Pixels, image.Stride) is { } stamp ? _rig.CameraOfStamp(stamp, _rig.FramesWritten) : null;
}
