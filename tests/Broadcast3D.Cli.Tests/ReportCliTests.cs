using Broadcast3D.Cli;
using Broadcast3D.TestSupport;
using Microsoft.Playwright;

namespace Broadcast3D.Cli.Tests;

/// <summary><c>b3d report</c> through the real CLI, rendered in Debian's Chromium by Playwright (issue #17).</summary>
public class ReportCliTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static string ReferenceTrc => Path.Combine(SharedAssets.BalancingTrial, "pose-3d", "S00_P00_T01_BalancingTrial_0-100_filt_butterworth.trc");

    private static string Videos => Path.Combine(SharedAssets.BalancingTrial, "videos");

    private static string Calibration => SharedAssets.CalibrationToml;

    private static ProcessRunner.Result B3d(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args], TimeSpan.FromMinutes(2));

    /// <summary>
    /// Runs <c>b3d report INPUT --out HTML</c> with <paramref name="options"/>, checks it succeeded and is
    /// self-contained, and opens it in Chromium collecting console and page errors.
    /// </summary>
    private static async Task<ReportPage> OpenReportAsync(string html, string input, params string[] options)
    {
        ProcessRunner.Result r = B3d(["report", input, "--out", html, .. options]);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        string text = await File.ReadAllTextAsync(html);
        Assert.That(text, Does.Not.Contain("<script").And.Not.Contain("src=\"http"), "self-contained: no scripts, no external resources");

        IPlaywright playwright = await Playwright.CreateAsync();
        IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium });
        IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } });
        var report = new ReportPage(playwright, browser, page, []);
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
                report.Errors.Add(m.Text);
        };
        page.PageError += (_, e) => report.Errors.Add(e);
        await page.GotoAsync(new Uri(html).AbsoluteUri);
        return report;
    }

    /// <summary>A report open in Chromium and the errors it logged; disposing closes the browser.</summary>
    private sealed record ReportPage(IPlaywright Playwright, IBrowser Browser, IPage Page, List<string> Errors) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            Playwright.Dispose();
        }
    }

    [Test]
    public async Task Report_ReferenceTrc_RendersInChromiumWithoutConsoleErrors()
    {
        Assert.That(File.Exists(Chromium), Is.True, $"{Chromium} is missing: run scripts/setup.sh (apt package chromium)");
        using var tmp = new TempFolder();
        await using ReportPage report = await OpenReportAsync(tmp.File("report.html"), ReferenceTrc);
        IPage page = report.Page;
        List<string> errors = report.Errors;

        int plots = await page.Locator("svg").CountAsync();
        LocatorBoundingBoxResult? first = await page.Locator("svg").First.BoundingBoxAsync();
        string screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "b3d-report.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        TestContext.AddTestAttachment(screenshot, "b3d report of the reference trial in Chromium");

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty, "console errors");
            Assert.That(plots, Is.EqualTo(5), "4 angle plots and the speed plot");
            Assert.That(first, Is.Not.Null);
            Assert.That(first!.Width, Is.GreaterThan(800), "the SVG is laid out at its size");
        });
        Assert.That(await page.Locator("h2").AllTextContentsAsync(), Is.EqualTo(new[] { "Joint angles", "Speed", "Events", "Provenance" }));
    }

    [Test]
    public void Report_TrcWithoutHips_FailsNamingTheFile()
    {
        using var tmp = new TempFolder();
        Broadcast3D.Tracking.Formats.TrcFile.Write(Broadcast3D.Tracking.Formats.TrcData.FromWorldZUp(["A"], [0, 0, 0], 1, 60), tmp.File("a.trc"));

        ProcessRunner.Result r = B3d("report", tmp.File("a.trc"), "--out", tmp.File("r.html"));

        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("ERR b3d report:").And.Contain("a.trc").And.Contain("RHip and LHip"));
        Assert.That(File.Exists(tmp.File("r.html")), Is.False);
    }

    [Test]
    public async Task Report_WithVideosAndCalibration_EmbedsKeyFrameStillsWithTheSkeletonThatChromiumDecodes()
    {
        Assert.That(File.Exists(Chromium), Is.True, $"{Chromium} is missing: run scripts/setup.sh (apt package chromium)");
        using var tmp = new TempFolder();
        string html = tmp.File("report.html");
        await using ReportPage report = await OpenReportAsync(html, ReferenceTrc, "--videos", Videos, "--calib", Calibration, "--camera", "cam_02");
        IPage page = report.Page;
        List<string> errors = report.Errors;

        // Per still: its decoded size and how many pixels have the skeleton's orange (1, 0.65, 0), counted by the
        // browser from the decoded image, so the PNG is valid and the overlay is in it.
        int[][] stills = await page.EvaluateAsync<int[][]>("""
            () => [...document.querySelectorAll('img')].map(img => {
                const c = document.createElement('canvas');
                c.width = img.naturalWidth; c.height = img.naturalHeight;
                const g = c.getContext('2d');
                g.drawImage(img, 0, 0);
                const d = g.getImageData(0, 0, c.width, c.height).data;
                let orange = 0;
                for (let i = 0; i < d.length; i += 4)
                    if (d[i] > 200 && d[i + 1] > 110 && d[i + 1] < 200 && d[i + 2] < 60) orange++;
                return [img.naturalWidth, img.naturalHeight, orange];
            })
            """);
        string screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "b3d-report-stills.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        TestContext.AddTestAttachment(screenshot, "b3d report with key-frame stills (cam_02) in Chromium");
        TestContext.Out.WriteLine($"stills: {string.Join("; ", stills.Select(s => $"{s[0]}x{s[1]}, {s[2]} skeleton pixels"))}");

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty, "console errors");
            Assert.That(stills, Is.Not.Empty, "the balancing trial has foot contacts (events) to show");
            Assert.That(stills.Select(s => s[0]), Has.All.EqualTo(540), "portrait 1080x1920 drawn at 960 on the longer side");
            Assert.That(stills.Select(s => s[1]), Has.All.EqualTo(960));
            Assert.That(stills.Select(s => s[2]), Has.All.GreaterThan(2000), "the skeleton is drawn over the plate");
        });
        Assert.That(await page.Locator("h2").AllTextContentsAsync(), Is.EqualTo(new[] { "Joint angles", "Speed", "Events", "Key frames", "Provenance" }));
        Assert.That(await page.Locator("figcaption").AllTextContentsAsync(), Has.All.Contain("camera cam_02"));
    }

    [TestCase("--videos", "videos")]
    [TestCase("--calib", "calib")]
    public void Report_VideosOrCalibrationAlone_UsageErrorNamingBothBeforeAnyWork(string option, string which)
    {
        using var tmp = new TempFolder();
        ProcessRunner.Result r = B3d("report", ReferenceTrc, "--out", tmp.File("r.html"), option, which == "videos" ? Videos : Calibration);

        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("--videos and --calib go together"));
        Assert.That(File.Exists(tmp.File("r.html")), Is.False);
    }

    [Test]
    public void Report_VideoFolderWithoutOneVideoPerCamera_FailsNamingTheFolder()
    {
        using var tmp = new TempFolder();
        Directory.CreateDirectory(tmp.File("videos"));
        File.Copy(Path.Combine(Videos, "cam01.mp4"), tmp.File("videos/cam01.mp4"));

        ProcessRunner.Result r = B3d("report", ReferenceTrc, "--out", tmp.File("r.html"), "--videos", tmp.File("videos"), "--calib", Calibration);

        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr, Does.Contain($"--videos {tmp.File("videos")}: 1 videos").And.Contain("for the 4 cameras"));
        Assert.That(File.Exists(tmp.File("r.html")), Is.False);
    }
}
