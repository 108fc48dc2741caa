using System.Diagnostics;
using System.Globalization;
using Broadcast3D.Ndi;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// Glass-to-glass latency of <c>b3d run</c>: stamped pictures handed to camera encoders (<see cref="StampedCameraRig"/>)
/// → x264 → MPEG-TS over UDP → b3d (decode, sync, delay line, composite) → NDI → received by this test, which reads
/// the stamp back and subtracts the picture's glass time (one process clock at both ends). The CI test checks the
/// measurement itself (stamps read back, in order, never before they were written), that (almost) every picture
/// arrives once, and a median bound: the README's ~100 ms plus margin enough for a loaded 2-core CI machine (a
/// regression of seconds, e.g. a programme drifting behind real time, fails it). The explicit cases are the longer
/// runs quoted in the issue note and the README, and (issue #22) the same with the automatic delay, whose
/// glass-to-glass latency is set by tracking: compared with the tracking latency the run reports.
/// </summary>
[NonParallelizable]
public class GlassToGlassLatencyTests
{
    private const int DelayFrames = 2;

    /// <summary>Median glass-to-glass bound of the default run, ms: the README's 97 ms on a quiet 2-core VM, 2.5× for CI load.</summary>
    private const double MedianBoundMs = 250;

    [Test]
    [Category("Live")]
    public void Measure_TwoCamerasOverNdi_StampsComeBackInOrderAfterTheyWereWritten() => Measure(cameras: 2, seconds: 12);

    // Not "Live": a positive category filter would count as selecting these explicit runs.
    [Explicit("measurement for the issue note and README: about a minute each")]
    [Category("Measurement")]
    [TestCase(2)]
    [TestCase(4)]
    public void Measure_Long(int cameras) => Measure(cameras, seconds: 40);

    /// <summary>
    /// <c>"delayFrames": "auto"</c> (the default maxDelayFrames): glass-to-glass over the run's second half (after
    /// warm-up, the delay changing at most a frame a second) against the tracking latency in b3d's report. Repeats
    /// and skips are the delay following tracking, so the every-picture-once checks do not apply.
    /// </summary>
    [Explicit("measurement for docs/delay.md: about a minute and a half each")]
    [Category("Measurement")]
    [TestCase(2)]
    [TestCase(4)]
    public void Measure_AutoDelay(int cameras) => Measure(cameras, seconds: 60, auto: true);

    private static void Measure(int cameras, int seconds, bool auto = false)
    {
        using var tmp = new TempFolder("b3d-g2g");
        using var rig = new StampedCameraRig(tmp, cameras);
        string name = $"B3D g2g {Guid.NewGuid():N}"[..20];
        string config = rig.Config(tmp, $$"""[{"type": "ndi", "target": "{{name}}"}]""",
            auto ? "\"auto\"" : DelayFrames.ToString(CultureInfo.InvariantCulture));
        int frames = seconds * 60;

        using var b3d = new B3dLiveRun(config, frames);
        using (NdiReceiver receiver = b3d.ConnectNdi(name))
        {

            var latencies = new List<double>();
            var secondHalf = new List<double>(); // pictures written in the run's second half (auto: after warm-up)
            var ndiLeg = new List<double>(); // sender's submit time (NDI timestamp, UTC 100 ns) → received here
            int received = 0, stamped = 0, outOfOrder = 0, beforeWritten = 0, repeated = 0;
            long last = -1, first = -1;
            while (receiver.TryCaptureVideo(TimeSpan.FromSeconds(5), out NdiReceivedVideoFrame? frame))
            {
                long now = Stopwatch.GetTimestamp();
                long utcNow = DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks;
                int? stamp;
                using (frame)
                {
                    Assert.That(frame.Layout.Width, Is.EqualTo(StampedCameraRig.Width));
                    stamp = FrameStamp.Read(frame.Pixels, frame.StrideBytes);
                    if (frame.Timestamp is { } sent)
                        ndiLeg.Add((utcNow - sent) / 10_000.0);
                }
                received++;
                if (stamp is not { } low)
                    continue;
                stamped++;
                // The stamp holds the frame number mod 4096: the written frame nearest below is the one on screen.
                long written = rig.FramesWritten;
                long n = written - 1 - ((written - 1 - low) & 0xFFF);
                if (n < last)
                    outOfOrder++;
                if (n <= last)
                {
                    repeated++;
                    continue; // a repeated picture: its first showing is the one that counts
                }
                last = n;
                if (first < 0)
                    first = n;
                long glass = rig.GlassTimestamp(n);
                if (glass == 0 || glass > now)
                {
                    beforeWritten++;
                    continue;
                }
                latencies.Add((double)(now - glass) / Stopwatch.Frequency * 1000);
                if (n >= frames / 2)
                    secondHalf.Add(latencies[^1]);
            }
            int exitCode = b3d.WaitForExit();
            TestContext.Out.WriteLine(b3d.StdOut);
            Assert.That(exitCode, Is.Zero, b3d.StdErr);

            latencies.Sort();
            ndiLeg.Sort();
            double Percentile(double p) => latencies[(int)Math.Min(latencies.Count - 1, Math.Round(p * (latencies.Count - 1)))];
            const double FrameMs = 1000.0 / 60;
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"glass-to-glass, {cameras} cameras at {StampedCameraRig.Width}×{StampedCameraRig.Height}, 60 fps, delay line {(auto ? "auto" : $"{DelayFrames} frames")}: " +
                $"{received} NDI frames received, {stamped} stamped, {latencies.Count} distinct pictures; " +
                $"median {Percentile(0.5):0.0} ms ({Percentile(0.5) / FrameMs:0.00} frames), p90 {Percentile(0.9):0.0} ms " +
                $"({Percentile(0.9) / FrameMs:0.00} frames), min {latencies[0]:0.0} ms, max {latencies[^1]:0.0} ms; " +
                $"NDI send → receive median {(ndiLeg.Count > 0 ? ndiLeg[ndiLeg.Count / 2] : double.NaN):0.0} ms"));

            // Auto: a measurement of whatever the machine gives (a channel behind real time drops ticks and pictures).
            if (auto)
            {
                secondHalf.Sort();
                Assert.That(secondHalf, Is.Not.Empty, "pictures of the run's second half received");
                double Late(double p) => secondHalf[(int)Math.Min(secondHalf.Count - 1, Math.Round(p * (secondHalf.Count - 1)))];
                string[] delayLines = [.. b3d.StdOut.Split('\n').Where(l => l.StartsWith("delay line:", StringComparison.Ordinal)
                    || l.StartsWith("tracking latency:", StringComparison.Ordinal) || l.StartsWith("graphics age:", StringComparison.Ordinal))];
                TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"auto, {cameras} cameras: second half glass-to-glass median {Late(0.5):0} ms, p90 {Late(0.9):0} ms, max {secondHalf[^1]:0} ms " +
                    $"({secondHalf.Count} distinct pictures); b3d: {string.Join(" | ", delayLines)}; load average {File.ReadAllText("/proc/loadavg").Trim()}"));
                Assert.That(delayLines, Has.Some.StartsWith("delay line: auto"), "the run's report of its delay");
                Assert.That(outOfOrder, Is.Zero, "pictures come out in the order they went in (a shorter delay skips, never goes back)");
                Assert.That(beforeWritten, Is.Zero, "no picture is received before it was written (the stamp is read right)");
                return;
            }
            Assert.That(latencies, Has.Count.GreaterThan(frames / 4), "camera pictures that reached the programme with their stamp");
            // (Almost) every picture from the first shown to the last arrives, and once: a lost picture leaves a
            // gap in the numbers, a late one is shown twice. Quiet VM: 2,352 distinct in 2,353 stamped frames; the
            // Live tests run alone (test.sh), so 90 % holds on a CI machine, while a hand-over that loses every
            // other picture (50 %) fails. A machine loaded by other work fails it (84 % at load 26 on 2 cores).
            long span = last - first + 1;
            Assert.That(latencies.Count + beforeWritten, Is.GreaterThanOrEqualTo(0.9 * span), $"distinct pictures of the {span} from the first shown to the last");
            Assert.That(repeated, Is.LessThanOrEqualTo(0.1 * stamped), $"pictures shown more than once, of {stamped} stamped frames");
            Assert.That(Percentile(0.5), Is.LessThanOrEqualTo(MedianBoundMs), "median glass-to-glass latency, ms");
            Assert.That(outOfOrder, Is.Zero, "pictures come out in the order they went in");
            Assert.That(beforeWritten, Is.Zero, "no picture is received before it was written (the stamp is read right)");
        }
    }
}
