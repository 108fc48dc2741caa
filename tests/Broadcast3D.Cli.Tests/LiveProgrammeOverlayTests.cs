using System.Globalization;
using System.Text.RegularExpressions;
using Broadcast3D.TestSupport;
using static Broadcast3D.TestSupport.OverlayPixels;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// What <c>b3d run</c> puts on air: the programme file of a live run (two cameras over UDP, <see cref="LiveRig"/>)
/// compared with the plain camera video it was made from.
/// </summary>
[NonParallelizable]
[Category("Live")]
public class LiveProgrammeOverlayTests
{
    private const int FrameBytes = Width * Height * 3;
    private const int PlainFrames = 120; // 2 s of the camera, to show it has no overlay orange of its own

    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "b3d.dll");

    [Test]
    public void Run_SkeletonAndLabelsOn_ProgrammeShowsSkeletonOverTheAthleteAndTheLabelAboveIt()
    {
        const int Frames = 600; // 10 s: on 2 cores a few seconds can pass with incomplete frame sets and nobody tracked
        using var tmp = new TempFolder("b3d-overlay");
        using var rig = new LiveRig(tmp);
        string output = tmp.File("programme.mp4");
        string config = rig.Config(tmp, $$"""[{"type": "file", "target": "{{output}}"}]""", delayFrames: 2,
            overlayJson: """{"skeleton": true, "labels": true, "trails": true, "speed": true, "maxSkeletonAgeMs": 3000}""");

        ProcessRunner.Result r = ProcessRunner.Run("dotnet", [CliDll, "run", config, "--frames", Frames.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromMinutes(3));
        TestContext.Out.WriteLine(r.StdOut);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        Assert.That(r.StdOut, Does.Match(@"tracking: [1-9]\d* frame sets tracked"));
        // One x264 output: the programme is read back as yuv420p only, one full-frame copy per frame put out.
        Match channel = Regex.Match(r.StdOut, @"channel: (\d+) frames out");
        Match pictures = Regex.Match(r.StdOut, @"pictures: (\d+) read back \((\w+)\), (\d+) full-frame copies");
        Assert.That(channel.Success && pictures.Success, Is.True, r.StdOut);
        Assert.That(pictures.Groups[2].Value, Is.EqualTo("Yuv420P"), "the x264 output's layout");
        Assert.That(pictures.Groups[3].Value, Is.EqualTo(channel.Groups[1].Value), "full-frame copies = programme frames put out");

        byte[] programme = RawRgb(output, tmp.File("programme.rgb"), frames: null);
        byte[] plain = RawRgb(rig.VideoPath(0), tmp.File("plain.rgb"), PlainFrames);
        int plainOrange = 0;
        for (int f = 0; f < plain.Length / FrameBytes; f++)
            plainOrange = Math.Max(plainOrange, CountOrange(plain.AsSpan(f * FrameBytes, FrameBytes), 3, out _, out _, out _, out _));
        int best = -1, bestOrange = 0;
        for (int f = 0; f < programme.Length / FrameBytes; f++)
        {
            int n = CountOrange(programme.AsSpan(f * FrameBytes, FrameBytes), 3, out _, out _, out _, out _);
            if (n > bestOrange)
                (best, bestOrange) = (f, n);
        }
        TestContext.Out.WriteLine($"orange pixels: plain camera at most {plainOrange}, programme at most {bestOrange} (frame {best})");
        // The camera itself shows no skeleton orange, so what the programme shows was drawn.
        Assert.That(plainOrange, Is.LessThan(10));
        Assert.That(bestOrange, Is.GreaterThanOrEqualTo(MinimumSkeletonPixels), "no skeleton drawn in any programme frame");

        // Over the athlete: the drawn pixels sit where the reference 2D detections put the athlete in this camera.
        ReadOnlySpan<byte> frame = programme.AsSpan(best * FrameBytes, FrameBytes);
        CountOrange(frame, 3, out double cx, out double cy, out int topX, out int topY);
        (double x0, double y0, double x1, double y1) = AthleteBox();
        TestContext.Out.WriteLine($"skeleton centre ({cx:0}, {cy:0}), head top ({topX}, {topY}); athlete ({x0:0}, {y0:0})–({x1:0}, {y1:0})");
        // Our Head marker is the head top, about 1.5 eye–mouth distances above the eyes (OpenPose has no such
        // keypoint), plus the joint marker's radius: up to ~20 stream pixels above the reference keypoints.
        const double HeadMargin = 20;
        Assert.That(cx, Is.InRange(x0, x1), "skeleton centre left or right of the athlete");
        Assert.That(cy, Is.InRange(y0, y1), "skeleton centre above or below the athlete");
        Assert.That(topX, Is.InRange(x0 - HeadMargin, x1 + HeadMargin), "head beside the athlete");
        Assert.That(topY, Is.InRange(y0 - HeadMargin, y1), "head above or below the athlete");

        // The id label: a dark translucent box (with white text) whose bottom-left corner sits half a text size (8 px
        // here) above-right of the head joint. Looked for above the topmost orange pixel (the head marker, unless an
        // arm is raised) in every frame with a skeleton, since a frame whose head marker was not triangulated has none.
        ReadOnlySpan<byte> reference = plain.AsSpan(0, FrameBytes);
        int bestBox = 0;
        for (int f = 0; f < programme.Length / FrameBytes; f++)
        {
            ReadOnlySpan<byte> picture = programme.AsSpan(f * FrameBytes, FrameBytes);
            if (CountOrange(picture, 3, out _, out _, out int x, out int y) >= MinimumSkeletonPixels)
                bestBox = Math.Max(bestBox, CountDarkened(picture, reference, x - 10, y - 45, x + 60, y));
        }
        TestContext.Out.WriteLine($"label box: at most {bestBox} darkened pixels above a head");
        // The box is about 30 × 26 px (a 16 px "#N" plus padding); a third of it is enough, text and all.
        Assert.That(bestBox, Is.GreaterThanOrEqualTo(250), "no label drawn above the head");
    }

    /// <summary>Pixels in [x0, x1) × [y0, y1) darker than the plain camera by 40 % or more in every channel.</summary>
    private static int CountDarkened(ReadOnlySpan<byte> rgb, ReadOnlySpan<byte> reference, int x0, int y0, int x1, int y1)
    {
        int n = 0;
        for (int y = Math.Max(0, y0); y < Math.Min(Height, y1); y++)
        {
            for (int x = Math.Max(0, x0); x < Math.Min(Width, x1); x++)
            {
                int i = ((y * Width) + x) * 3;
                bool darker = true;
                for (int c = 0; c < 3; c++)
                    darker &= rgb[i + c] * 10 <= reference[i + c] * 6 && reference[i + c] - rgb[i + c] >= 25;
                n += darker ? 1 : 0;
            }
        }
        return n;
    }
}
