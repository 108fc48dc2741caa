using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Security.Cryptography;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Media;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// Recording inside <c>b3d run</c> (issue #14): two live UDP cameras recorded in copy mode while the programme
/// runs, the process then killed with SIGKILL. Every segment the index lists as closed must decode, hold exactly its
/// indexed pictures, and those pictures must be the camera's own, bit for bit (the packets as received, decoded:
/// a run of consecutive pictures of the looped source file).
/// </summary>
[NonParallelizable]
[Category("Live")]
public class LiveRecordingTests
{
    private const int ClosedSegmentsWanted = 3; // per camera: two-second segments, so about 6 s of recording

    [Test]
    public void Run_RecordTwoUdpCamerasThenSigkill_EveryClosedSegmentIndexedAndBitExact()
    {
        using var temp = new TempFolder("b3d-record");
        using var rig = new LiveRig(temp);
        string recording = temp.File("recording");
        string config = rig.Config(temp, "[]", delayFrames: 2);
        string json = File.ReadAllText(config).TrimEnd();
        File.WriteAllText(config, json[..^1] + $$""", "record": {"folder": "{{recording}}", "retainMinutes": 60, "maxGigabytes": 1, "keepUnblurred": true} }""");

        using (var run = new B3dLiveRun(config, frames: 1_000_000))
        {
            Assert.That(WaitForClosedSegments(recording, ["cam01", "cam03"], TimeSpan.FromSeconds(90)), Is.True,
                $"{ClosedSegmentsWanted} closed segments per camera within 90 s; b3d said:\n{run.StdErr}");
        } // disposing kills the process (SIGKILL), mid-segment
        Assert.That(File.Exists(Path.Combine(recording, "index.sqlite")), Is.True);

        using RecordingCatalog catalog = RecordingCatalog.Open(recording);
        RecordedRun recorded = catalog.Run(null);
        string[] cameras = ["cam01", "cam03"];
        for (int i = 0; i < cameras.Length; i++)
        {
            List<string> source = Md5s(rig.VideoPath(i));
            IReadOnlyList<RecordedSegment> segments = catalog.Segments(recorded, cameras[i], null, null);
            List<RecordedSegment> closed = [.. segments.Where(s => s.Bytes is not null)];
            Assert.That(closed, Has.Count.GreaterThanOrEqualTo(ClosedSegmentsWanted));
            Assert.That(segments.Take(segments.Count - 1).All(s => s.Bytes is not null), Is.True, $"{cameras[i]}: only the last segment may be open");
            foreach (RecordedSegment segment in closed)
            {
                IReadOnlyList<IndexedFrame> indexed = catalog.Frames(segment.Id);
                List<string> decoded = Md5s(segment.Path);
                Assert.That(decoded, Has.Count.EqualTo(indexed.Count), $"{segment.Path}: every indexed picture decodes, no more");
                Assert.That(segment.Frames, Is.EqualTo(indexed.Count));
                int at = source.IndexOf(decoded[0]);
                Assert.That(at, Is.GreaterThanOrEqualTo(0), $"{segment.Path}: its first picture is one of {cameras[i]}'s");
                for (int k = 0; k < decoded.Count; k++)
                    Assert.That(decoded[k], Is.EqualTo(source[(at + k) % source.Count]), $"{segment.Path} picture {k}: bit-exact, in order");
            }
        }

        ProcessRunner.Result list = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), "replay", "list", recording]);
        TestContext.Out.WriteLine(list.StdOut);
        Assert.That(list.ExitCode, Is.Zero, list.StdErr);
        Assert.That(list.StdOut, Does.Contain("cam01").And.Contain("cam03").And.Contain("h264 272x480"));
    }

    /// <summary>
    /// A run that ends normally: every camera's recorder reports its frames, segments and drops, and its thread's CPU
    /// per packet (printed: the figure docs/replay.md gives; speed is measured, not asserted here).
    /// </summary>
    [Test]
    public void Run_RecordCopyModeToTheEnd_ReportsEachRecorderWithItsThreadCost()
    {
        using var temp = new TempFolder("b3d-record");
        using var rig = new LiveRig(temp);
        string recording = temp.File("recording");
        string config = rig.Config(temp, "[]", delayFrames: 2);
        string json = File.ReadAllText(config).TrimEnd();
        File.WriteAllText(config, json[..^1] + $$""", "record": {"folder": "{{recording}}"} }""");

        string report;
        using (var run = new B3dLiveRun(config, frames: 600))
        {
            Assert.That(run.WaitForExit(), Is.Zero, run.StdErr);
            report = run.StdOut;
        }
        TestContext.Out.WriteLine(report);
        foreach (string camera in new[] { "cam01", "cam03" })
        {
            Match line = Regex.Match(report, $@"record {camera} \(copy\): (\d+) frames in (\d+) segments, (\d+) dropped, (\d+) write failures, (\d+) before the first key frame");
            Assert.That(line.Success, Is.True, $"a report line for {camera}'s recorder");
            Assert.That(long.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture), Is.GreaterThan(300), $"{camera}: pictures recorded");
            Assert.That(line.Groups[4].Value, Is.EqualTo("0"), $"{camera}: no write failures");
            Assert.That(report, Does.Match($@"cpu record {camera} thread: \d+\.\d\d ms/frame"), $"{camera}: the recorder thread is accounted");
        }
        Assert.That(report, Does.Contain($"recording: {recording} run 1, 0 segments deleted by retention"));
    }

    /// <summary>
    /// Issue #21: with the default blur (<c>untracked</c>, no registry: every athlete blurred) <c>b3d run</c> records each
    /// camera's blur regions of the tracked frame sets beside the pictures, and the run's mode, and rewrites the segment
    /// files blurred (during the run at the lowest priority, the rest at its stop within a budget): each one it marks
    /// holds every indexed picture, and the report says what it did.
    /// </summary>
    [Test]
    public void Run_RecordWithTheDefaultBlur_EachCamerasBlurRegionsInTheIndex()
    {
        using var temp = new TempFolder("b3d-record-blur");
        using var rig = new LiveRig(temp);
        string recording = temp.File("recording");
        string config = rig.Config(temp, "[]", delayFrames: 2);
        string json = File.ReadAllText(config).TrimEnd().Replace("\"privacy\": {\"blur\": \"none\"},", "", StringComparison.Ordinal);
        File.WriteAllText(config, json[..^1] + $$""", "record": {"folder": "{{recording}}"} }""");

        string report;
        using (var run = new B3dLiveRun(config, frames: 600))
        {
            Assert.That(run.WaitForExit(), Is.Zero, run.StdErr);
            report = run.StdOut;
        }
        Match blurred = Regex.Match(report, @"record blur: (\d+) segments rewritten blurred on disk \((\d+) pictures.*?\), (\d+) with nobody to blur, (\d+) failed; (.*)");
        Assert.That(blurred.Success, Is.True, $"a report line of the blur on disk:\n{report}");
        TestContext.Out.WriteLine(blurred.Value);
        Assert.That(int.Parse(blurred.Groups[1].Value, CultureInfo.InvariantCulture), Is.GreaterThan(0), "segments rewritten blurred");
        Assert.That(blurred.Groups[4].Value, Is.EqualTo("0"), "none failed");
        foreach (string camera in new[] { "cam01", "cam03" })
        {
            // The rewrite runs beside the recorders at the lowest priority: they keep their cadence, dropping nothing.
            Match line = Regex.Match(report, $@"record {camera} \(copy\): (\d+) frames in (\d+) segments, (\d+) dropped");
            Assert.That(line.Success && line.Groups[3].Value == "0", Is.True, $"{camera}'s recorder dropped nothing while segments were blurred: {line.Value}");
        }

        using RecordingCatalog catalog = RecordingCatalog.Open(recording);
        RecordedRun recorded = catalog.Run(null);
        Assert.That(catalog.Privacy(recorded), Is.EqualTo(new RecordedPrivacy(Engine.Privacy.BlurMode.Untracked, KeepUnblurred: false)));
        foreach (string camera in new[] { "cam01", "cam03" })
        {
            IReadOnlyList<(Core.Time.Rational Time, System.Numerics.Vector4[] Regions)> rows =
                catalog.BlurRegions(recorded, camera, Core.Time.Rational.Zero, new Core.Time.Rational(3600, 1));
            TestContext.Out.WriteLine($"{camera}: {rows.Count} tracked sets, {rows.Count(r => r.Regions.Length > 0)} with regions");
            Assert.That(rows.Count(r => r.Regions.Length > 0), Is.GreaterThan(0), $"{camera}: the athlete's regions were recorded");
            // Nothing lost by the rewrite: each marked segment decodes to exactly its indexed pictures.
            IReadOnlyDictionary<long, int> marked = catalog.BlurredSegments(recorded);
            foreach (RecordedSegment segment in catalog.Segments(recorded, camera, null, null).Where(s => marked.ContainsKey(s.Id)))
                Assert.That(Md5s(segment.Path), Has.Count.EqualTo(catalog.Frames(segment.Id).Count), $"{segment.Path}: every indexed picture decodes after the rewrite");
        }
    }

    private static bool WaitForClosedSegments(string recording, string[] cameras, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var pause = new ManualResetEventSlim();
        while (clock.Elapsed < timeout)
        {
            if (File.Exists(Path.Combine(recording, "index.sqlite")))
            {
                try
                {
                    using RecordingCatalog catalog = RecordingCatalog.Open(recording);
                    RecordedRun run = catalog.Run(null);
                    if (cameras.All(c => catalog.Segments(run, c, null, null).Count(s => s.Bytes is not null) >= ClosedSegmentsWanted))
                        return true;
                }
                catch (ReplayException)
                {
                    // nothing recorded yet
                }
            }
            pause.Wait(TimeSpan.FromMilliseconds(500)); // polling another process's progress: nothing to wait on
        }
        return false;
    }

    private static List<string> Md5s(string file)
    {
        var result = new List<string>();
        byte[] buffer = [];
        using Decoder decoder = Decoder.Open(file, new DecoderOptions { Hardware = HardwareDecode.Software });
        while (decoder.TryRead(out VideoFrame? frame))
        {
            using (frame)
            {
                if (buffer.Length != frame.PackedSize)
                    buffer = new byte[frame.PackedSize];
                frame.CopyPacked(buffer);
                result.Add(Convert.ToHexString(MD5.HashData(buffer)));
            }
        }
        return result;
    }
}
