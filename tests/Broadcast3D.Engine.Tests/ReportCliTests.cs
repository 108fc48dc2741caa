using Broadcast3D.Cli;
using Broadcast3D.TestSupport;
using Microsoft.Playwright;

namespace Broadcast3D.Engine.Tests;

/// <summary><c>b3d report</c> through the real CLI, rendered in Debian's Chromium by Playwright (issue #17).</summary>
public class ReportCliTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static string ReferenceTrc => Path.Combine(SharedAssets.BalancingTrial, "pose-3d", "S00_P00_T01_BalancingTrial_0-100_filt_butterworth.trc");

    private static ProcessRunner.Result B3d(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args], TimeSpan.FromMinutes(2));

    [Test]
    public async Task Report_ReferenceTrc_RendersInChromiumWithoutConsoleErrors()
    {
        Assert.That(File.Exists(Chromium), Is.True, $"{Chromium} is missing: run scripts/setup.sh (apt package chromium)");
        using var tmp = new TempFolder();
        string html = tmp.File("report.html");
        ProcessRunner.Result r = B3d("report", ReferenceTrc, "--out", html);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        string text = await File.ReadAllTextAsync(html);
        Assert.That(text, Does.Not.Contain("<script").And.Not.Contain("src=\"http"), "self-contained: no scripts, no external resources");

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium });
        IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
                errors.Add(m.Text);
        };
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(new Uri(html).AbsoluteUri);

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
}
