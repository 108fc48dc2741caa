using System.Security.Cryptography;
using Broadcast3D.Core.Threading;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.Engine.Replay;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests.Privacy;

/// <summary>
/// The segment files on disk are blurred unless <c>record.keepUnblurred</c> (issue #21): a real recording (the
/// 2-pixel detail clip through the real copy-mode recorder and index, the athlete linked to an identity that
/// consented to broadcast, a bystander's box, regions from <see cref="BlurRecorder"/>; as in
/// <see cref="RecordedBlurTests"/>) passed through <see cref="SegmentBlurPass"/> (real decode, GPU blur on llvmpipe,
/// real H.264 encode, rename), then its segment FILES decoded from disk.
/// </summary>
public class SegmentBlurTests
{
    [Test]
    public void BlurNext_EarlierRun_SegmentFilesOnDiskBlurredAthleteSharpIndexStillPlays()
    {
        using var tmp = new TempFolder("b3d-blur-disk");
        string clip = RecordedBlurTests.DetailClip(tmp);
        string blurred = RecordedBlurTests.Record(tmp, "blurred", clip, BlurMode.Untracked, keepUnblurred: false);
        string kept = RecordedBlurTests.Record(tmp, "kept", clip, BlurMode.Untracked, keepUnblurred: true);
        string[] originals = SegmentFiles(kept);
        Assert.That(SegmentFiles(blurred), Has.Length.EqualTo(originals.Length).And.Length.GreaterThan(1), "two recordings of the same clip, cut alike");

        DateTime[] recorded = [.. SegmentFiles(blurred).Select(File.GetLastWriteTimeUtc)];
        // A rewrite a crash cut short: the original beside it is intact, the pass deletes it.
        string leftover = SegmentFiles(blurred)[0] + SegmentBlurPass.TemporarySuffix;
        File.WriteAllBytes(leftover, [0x47, 0, 0]);

        // The next start of b3d run: a new run's index, which finishes the earlier run's segments.
        long cpuBefore = ThreadCpuClock.ProcessNanoseconds();
        (long rewritten, long untouched, long pictures, double cameraSeconds, double wallSeconds) = Pass(blurred);
        double cpuSeconds = (ThreadCpuClock.ProcessNanoseconds() - cpuBefore) / 1e9;

        Assert.That(rewritten, Is.EqualTo(originals.Length), "every segment had the bystander's regions");
        Assert.That(untouched, Is.Zero);
        Assert.That(pictures, Is.EqualTo(AthleteRecording.Frames), "every picture is within reach of a tracked set");
        TestContext.Out.WriteLine($"pass: {rewritten} segments, {cameraSeconds:0.00} camera-s rewritten in {wallSeconds:0.00} s wall " +
                                  $"({wallSeconds / cameraSeconds:0.00} s per camera-second), process CPU {cpuSeconds:0.00} s " +
                                  $"({cpuSeconds / cameraSeconds:0.00} per camera-second), {RecordedBlurTests.Camera} 320x240");
        Assert.That(Directory.EnumerateFiles(blurred, "*" + SegmentBlurPass.TemporarySuffix, SearchOption.AllDirectories), Is.Empty,
            "no rewrite left behind, the crashed one's deleted");
        Assert.That(SegmentFiles(blurred).Select(File.GetLastWriteTimeUtc), Is.EqualTo(recorded), "the files keep the recording's age (retention by age)");

        // The files themselves: every picture decoded from disk, against the same clip recorded and kept as it was.
        double[][] onDisk = Decode(SegmentFiles(blurred));
        double[][] reference = Decode(originals);
        Assert.That(onDisk, Has.Length.EqualTo(AthleteRecording.Frames), "no picture lost by the rewrite");
        RecordedBlurTests.AssertBlurred(onDisk, reference, "segment files on disk");

        using (RecordingCatalog catalog = RecordingCatalog.Open(blurred))
        {
            RecordedRun run = catalog.Run(null);
            IReadOnlyDictionary<long, int> marked = catalog.BlurredSegments(run);
            Assert.That(marked.Keys, Is.EquivalentTo(catalog.Segments(run, RecordedBlurTests.Camera, null, null).Select(s => s.Id)), "each segment marked in the index");
            Assert.That(marked.Values.Sum(), Is.EqualTo(AthleteRecording.Frames));
            Assert.That(catalog.Segments(run, RecordedBlurTests.Camera, null, null).Select(s => s.Bytes), Is.EqualTo(SegmentFiles(blurred).Select(f => (long?)new FileInfo(f).Length)),
                "the index holds the rewritten files' sizes (retention's byte limit counts them)");
        }

        // The index's picture rows still place every picture of the rewritten files: an export plays them all.
        RecordedBlurTests.Export(blurred, tmp.File("export.mp4"), unblurred: false, out ReplayExportResult export);
        Assert.That(export.Pictures, Is.EqualTo(40), "0.2–1.8 s at 25 fps: every recorded picture found in the rewritten segments");

        // A second pass finds nothing to do: the marks hold.
        Assert.That(Pass(blurred).Rewritten, Is.Zero);
    }

    [Test]
    public void BlurNext_KeepUnblurred_FilesByteIdenticalToTheRecording()
    {
        using var tmp = new TempFolder("b3d-blur-disk-keep");
        string clip = RecordedBlurTests.DetailClip(tmp);
        string kept = RecordedBlurTests.Record(tmp, "kept", clip, BlurMode.Untracked, keepUnblurred: true);
        string plain = RecordedBlurTests.Record(tmp, "plain", clip, BlurMode.None, keepUnblurred: false);
        string[] keptHashes = Hashes(kept), plainHashes = Hashes(plain);

        Assert.That(Pass(kept).Rewritten, Is.Zero);
        Assert.That(Pass(plain).Rewritten, Is.Zero);

        Assert.That(Hashes(kept), Is.EqualTo(keptHashes), "record.keepUnblurred: the files as recorded, byte for byte");
        Assert.That(Hashes(plain), Is.EqualTo(plainHashes), "privacy.blur none: nothing to blur, the files as recorded");
    }

    [Test]
    public void BlurNext_RunStillRecordingNotYetCovered_WaitsThenBlursWhenTheRunIsOver()
    {
        using var tmp = new TempFolder("b3d-blur-disk-live");
        string clip = RecordedBlurTests.DetailClip(tmp);
        string before = "";
        bool dueWhileRecording = true;
        long rewrittenAtStop = 0;
        string folder = RecordedBlurTests.Record(tmp, "live", clip, BlurMode.Untracked, keepUnblurred: false, whileOpen: index =>
        {
            before = string.Join(",", Hashes(index.Folder));
            using var pass = new SegmentBlurPass(index, Serilog.Core.Logger.None);
            // Regions are recorded up to 1.92 s; the first segment ends at 1 s, so it is covered only up to 1 s + the reach
            // of a set (2 s): tracking may still hand in the regions of its last pictures.
            dueWhileRecording = pass.BlurNext(thisRunOver: false);
            Assert.That(string.Join(",", Hashes(index.Folder)), Is.EqualTo(before), "nothing rewritten while tracking has not covered a segment");
            while (pass.BlurNext(thisRunOver: true))
                rewrittenAtStop = pass.SegmentsRewritten;
        });

        Assert.That(dueWhileRecording, Is.False, "no segment due before tracking covered it");
        Assert.That(rewrittenAtStop, Is.EqualTo(SegmentFiles(folder).Length), "the run over: every segment rewritten");
        Assert.That(string.Join(",", Hashes(folder)), Is.Not.EqualTo(before));
        Assert.That(Decode(SegmentFiles(folder)), Has.Length.EqualTo(AthleteRecording.Frames));
    }

    // What the next start of b3d run does: a new index on the folder, its pass run until nothing is due.
    private static (long Rewritten, long Untouched, long Pictures, double CameraSeconds, double WallSeconds) Pass(string folder)
    {
        using var index = new RecordingIndex(folder, StampedRecording.Rate, new RecordingRetention(TimeSpan.FromHours(1), 1L << 40));
        using var pass = new SegmentBlurPass(index, Serilog.Core.Logger.None);
        while (pass.BlurNext(thisRunOver: false))
        {
        }
        Assert.That(pass.Failures, Is.Zero, "no segment failed");
        return (pass.SegmentsRewritten, pass.SegmentsUntouched, pass.PicturesBlurred, pass.CameraSeconds, pass.RewriteSeconds);
    }

    private static string[] SegmentFiles(string folder) =>
        [.. Directory.GetFiles(Path.Combine(folder, RecordedBlurTests.Camera), "*.ts").Order(StringComparer.Ordinal)];

    private static string[] Hashes(string folder) => [.. SegmentFiles(folder).Select(f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))))];

    private static double[][] Decode(string[] files) => [.. files.SelectMany(RecordedBlurTests.Sharpness)];
}
