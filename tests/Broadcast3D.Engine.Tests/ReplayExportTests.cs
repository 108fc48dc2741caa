using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Replay;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// <c>b3d replay list/export</c> over a real recording (the run's recorder and index, from a clip whose pictures
/// carry their frame numbers): slow motion shows every picture of the range the right number of times, in order;
/// bad marks, cameras and segments are refused naming the clip, camera and time.
/// </summary>
public class ReplayExportTests
{
    private const int Frames = 100; // 4 s at 25 fps: three segments of a second or more (cut at 12-frame GOPs)

    [TestCase(1.0, 1)]
    [TestCase(0.5, 2)]
    [TestCase(0.25, 4)]
    public void Export_SlowMotion_EveryStampOfTheRangeRepeatedInOrderNoneMissing(double speed, int repeats)
    {
        using var temp = new TempFolder();
        StampedRecording.Record(temp.Path, "cam01", Frames);
        string clip = temp.File("clip.mp4");
        // Frames 30 (1.2 s, mid-GOP: decoding starts at the key frame before) to 70 (2.8 s, exclusive), across segments.
        using (RecordingCatalog catalog = RecordingCatalog.Open(temp.Path))
        {
            ReplayExportResult result = ReplayExporter.Export(catalog,
                new ReplayExportRequest("cam01", ReplayTime.Parse("1.2s", "--in"), ReplayTime.Parse("00:00:02:20", "--out"), speed, clip));
            Assert.That(result.FramesOut, Is.EqualTo(40 * repeats));
            Assert.That(result.Pictures, Is.EqualTo(40));
            Assert.That(result.Segments, Is.GreaterThanOrEqualTo(2), "the range spans segments");
        }
        List<int?> stamps = StampedRecording.Stamps(clip);
        List<int?> expected = [.. Enumerable.Range(30, 40).SelectMany(n => Enumerable.Repeat<int?>(n, repeats))];
        Assert.That(stamps, Is.EqualTo(expected));
    }

    [Test]
    public void Export_EncodeModeRecording_EveryStampOnceInOrder()
    {
        using var temp = new TempFolder();
        using (var index = new RecordingIndex(temp.Path, StampedRecording.Rate, new RecordingRetention(TimeSpan.FromHours(1), 1L << 40)))
            StampedRecording.RecordEncoded(index, "cam01", Frames);
        string clip = temp.File("clip.mp4");
        using (RecordingCatalog catalog = RecordingCatalog.Open(temp.Path))
        {
            CameraRecording camera = catalog.Cameras(catalog.Run(null)).Single();
            Assert.That((camera.Frames, camera.Segments), Is.EqualTo((Frames, 4)), "25-frame segments, each a fresh encoder");
            ReplayExporter.Export(catalog, new ReplayExportRequest("cam01", ReplayTime.Parse("0.5s", "--in"), ReplayTime.Parse("3.5s", "--out"), 1, clip));
        }
        Assert.That(StampedRecording.Stamps(clip), Is.EqualTo(Enumerable.Range(12, 75).Select(n => (int?)n)));
    }

    [Test]
    public void Export_DoubleSpeed_EveryOtherStamp()
    {
        using var temp = new TempFolder();
        StampedRecording.Record(temp.Path, "cam01", Frames);
        string clip = temp.File("clip.mp4");
        using (RecordingCatalog catalog = RecordingCatalog.Open(temp.Path))
            ReplayExporter.Export(catalog, new ReplayExportRequest("cam01", ReplayTime.Parse("0s", "--in"), ReplayTime.Parse("2s", "--out"), 2, clip));
        Assert.That(StampedRecording.Stamps(clip), Is.EqualTo(Enumerable.Range(0, 25).Select(n => (int?)(n * 2))));
    }

    [Test]
    public void Catalog_Recording_ListsTheCameraRangeSegmentsAndNoGaps()
    {
        using var temp = new TempFolder();
        StampedRecording.Record(temp.Path, "cam01", Frames);
        using RecordingCatalog catalog = RecordingCatalog.Open(temp.Path);
        RecordedRun run = catalog.Run(null);
        CameraRecording camera = catalog.Cameras(run).Single();
        Assert.That((camera.Camera, camera.Codec, camera.Width, camera.Height), Is.EqualTo(("cam01", "h264", 320, 240)));
        Assert.That(camera.Start, Is.EqualTo(Rational.Zero));
        Assert.That(camera.End, Is.EqualTo(new Rational(Frames, 25)), "the last picture ends at 4 s");
        Assert.That(camera.Frames, Is.EqualTo(Frames));
        Assert.That(camera.Segments, Is.InRange(3, 5), "at least a second each, cut at the next 12-frame GOP");
        Assert.That(camera.Gaps, Is.Empty);
        IReadOnlyList<IndexedFrame> first = catalog.Frames(catalog.Segments(run, "cam01", null, null)[0].Id);
        Assert.That(first[0].KeyFrame, Is.True);
        Assert.That(first[0].Timecode, Is.EqualTo("00:00:00:00"));
        Assert.That(first[1].Timecode, Is.EqualTo("00:00:00:01"));
    }

    [Test]
    public void Export_MarkOutBeforeMarkIn_NamesClipAndMarks()
    {
        string message = ExportError("cam01", "2s", "1s");
        Assert.That(message, Does.Contain("clip cam01 2s–1s").And.Contain("the mark-out 1s is not after the mark-in 2s"));
    }

    [Test]
    public void Export_TimeOutsideTheRecording_NamesTheCameraAndItsRange()
    {
        string message = ExportError("cam01", "3s", "00:00:09:00");
        Assert.That(message, Does.Contain("outside the recording of cam01 (00:00:00:00 (0s) to 00:00:04:00 (4s))"));
    }

    [Test]
    public void Export_UnknownCamera_ListsTheCameras()
    {
        string message = ExportError("cam09", "1s", "2s");
        Assert.That(message, Does.Contain("no camera 'cam09' (cameras: cam01)"));
    }

    [Test]
    public void Export_BadSpeedAndBadTime_Refused()
    {
        Assert.That(ExportError("cam01", "1s", "2s", speed: 3), Does.Contain("speed 3 is outside (0, 2]"));
        var ex = Assert.Throws<ReplayException>(() => ReplayTime.Parse("1:2", "--in"));
        Assert.That(ex!.Message, Does.Contain("--in '1:2': not a time; give a timecode HH:MM:SS:FF"));
        ex = Assert.Throws<ReplayException>(() => ReplayTime.Parse("00:00:01:30", "--out").Seconds(FrameRate.Fps25));
        Assert.That(ex!.Message, Does.Contain("frame 30 does not exist at 25 fps"));
    }

    [Test]
    public void Export_CorruptSegment_NamesClipCameraSegmentAndTime()
    {
        using var temp = new TempFolder();
        StampedRecording.Record(temp.Path, "cam01", Frames);
        using RecordingCatalog catalog = RecordingCatalog.Open(temp.Path);
        RecordedSegment second = catalog.Segments(catalog.Run(null), "cam01", null, null)[1];
        File.WriteAllBytes(second.Path, new byte[4096]); // zeros: no transport stream left in it
        var ex = Assert.Throws<ReplayException>(() => ReplayExporter.Export(catalog,
            new ReplayExportRequest("cam01", ReplayTime.Parse("0s", "--in"), ReplayTime.Parse("3s", "--out"), 1, temp.File("clip.mp4"))));
        TestContext.Out.WriteLine(ex!.Message);
        Assert.That(ex.Message, Does.Contain("clip cam01 0s–3s: segment " + second.Path).And.Contain("is corrupt"));
    }

    [Test]
    public void Open_FolderWithoutIndex_SaysWhatToGive()
    {
        using var temp = new TempFolder();
        var ex = Assert.Throws<ReplayException>(() => RecordingCatalog.Open(temp.Path));
        Assert.That(ex!.Message, Does.Contain($"recording {temp.Path}: no replay index (index.sqlite) in it; give the record.folder"));
    }

    private static string ExportError(string camera, string markIn, string markOut, double speed = 1)
    {
        using var temp = new TempFolder();
        StampedRecording.Record(temp.Path, "cam01", Frames);
        using RecordingCatalog catalog = RecordingCatalog.Open(temp.Path);
        var ex = Assert.Throws<ReplayException>(() => ReplayExporter.Export(catalog,
            new ReplayExportRequest(camera, ReplayTime.Parse(markIn, "--in"), ReplayTime.Parse(markOut, "--out"), speed, temp.File("clip.mp4"))));
        TestContext.Out.WriteLine(ex!.Message);
        Assert.That(File.Exists(temp.File("clip.mp4")), Is.False, "nothing written for a refused clip");
        return ex.Message;
    }
}
