using Broadcast3D.Core.Time;
using Broadcast3D.Media.Recording;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Media.Tests;

public class SegmentRecorderTests
{
    /// <summary>
    /// Copy mode: the packets a decoder reads are written as they came. Decoding the segments one after the other
    /// gives exactly the original decode (same pictures, bit for bit), every segment starts with a key frame and is
    /// indexed with its frames, and capture times are pts × time base + the offset the reader gave.
    /// </summary>
    [TestCase("h264.mp4", "-c:v libx264 -pix_fmt yuv420p -g 12 -bf 2")]
    [TestCase("h264.ts", "-c:v libx264 -pix_fmt yuv420p -g 25 -bf 0 -f mpegts")]
    public void Record_DecodedFile_SegmentsDecodeToTheSamePictures(string name, string codecArgs)
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, name, codecArgs, frames: 100);
        List<(long Pts, string Md5)> original = CliReference.DecodeAll(clip, new DecoderOptions { Hardware = HardwareDecode.Software });

        Rational timeBase;
        using (Decoder probe = Decoder.Open(clip))
            timeBase = probe.Stream.TimeBase;
        var index = new CollectedIndex();
        var offset = new Rational(7, 2);
        using (var recorder = new SegmentRecorder(new SegmentRecorderOptions { Camera = "cam01", Folder = temp.File("rec"), SegmentSeconds = 1 }, index))
        {
            using Decoder decoder = Decoder.Open(clip, new DecoderOptions { Hardware = HardwareDecode.Software, Tap = recorder.Tap });
            bool first = true;
            while (decoder.TryRead(out VideoFrame? frame))
            {
                using (frame)
                {
                    if (first)
                        recorder.Tap.SetCaptureOffset(offset);
                    first = false;
                }
            }
            Assert.That(recorder.Tap.Offered, Is.EqualTo(100), "every packet of the stream offered");
        }

        Assert.That(index.Closed, Has.Count.EqualTo(index.Opened.Count), "every segment closed");
        Assert.That(index.Opened, Has.Count.GreaterThanOrEqualTo(3), "100 frames at 25 fps in ~1 s segments");
        Assert.That(index.Streams, Has.All.EqualTo(("h264", 128, 72)), "the stream as received");
        var decoded = new List<string>();
        foreach ((long id, string path) in index.Opened)
        {
            List<RecordedFrame> rows = index.Frames[id];
            Assert.That(rows[0].KeyFrame, Is.True, $"{path} starts with a key frame");
            List<(long Pts, string Md5)> segment = CliReference.DecodeAll(path, new DecoderOptions { Hardware = HardwareDecode.Software });
            Assert.That(segment, Has.Count.EqualTo(rows.Count), $"{path}: frames decoded = frames indexed");
            Assert.That(segment.Select(s => s.Pts), Is.EquivalentTo(rows.Select(r => r.Pts)), $"{path}: pts as indexed");
            Assert.That(index.Closed[id], Is.EqualTo(new FileInfo(path).Length), $"{path}: size indexed");
            Assert.That(index.ClosedFrames[id], Is.EqualTo(rows.Count), $"{path}: frame count indexed");
            decoded.AddRange(segment.Select(s => s.Md5));
        }
        Assert.That(decoded, Is.EqualTo(original.Select(o => o.Md5)), "the segments decode to the original pictures, bit for bit");
        RecordedFrame firstRow = index.Frames[index.Opened[0].Id][0];
        Assert.That(firstRow.CaptureTime, Is.EqualTo(new Rational(original[0].Pts, 1) * timeBase + offset),
            "the first picture is captured at its pts plus the reader's offset");
    }

    [Test]
    public void Record_RecorderStalled_DecoderNeverWaitsAndWhatIsWrittenDecodes()
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "h264.mp4", "-c:v libx264 -pix_fmt yuv420p -g 10 -bf 0", frames: 200);
        var index = new CollectedIndex { Stall = new ManualResetEventSlim() };
        using (var recorder = new SegmentRecorder(new SegmentRecorderOptions { Camera = "cam01", Folder = temp.File("rec"), QueuePackets = 8 }, index))
        {
            using (Decoder decoder = Decoder.Open(clip, new DecoderOptions { Hardware = HardwareDecode.Software, Tap = recorder.Tap }))
            {
                recorder.Tap.SetCaptureOffset(Rational.Zero);
                int n = 0;
                while (decoder.TryRead(out VideoFrame? frame))
                {
                    frame.Dispose();
                    n++;
                }
                Assert.That(n, Is.EqualTo(200), "the decoder ran through while the index was stalled");
            }
            Assert.That(recorder.Dropped, Is.GreaterThan(100), "a stalled recorder drops, counted");
            index.Stall.Set();
        }
        foreach ((long _, string path) in index.Opened)
        {
            List<(long Pts, string Md5)> frames = CliReference.DecodeAll(path, new DecoderOptions { Hardware = HardwareDecode.Software });
            Assert.That(frames, Is.Not.Empty, $"{path} decodes");
        }
    }

    [Test]
    public void Constructor_FolderIsAFile_ThrowsNamingIt()
    {
        using var temp = new TempFolder();
        string file = temp.File("notafolder");
        File.WriteAllText(file, "x");
        var ex = Assert.Throws<IOException>(() => new SegmentRecorder(new SegmentRecorderOptions { Camera = "cam01", Folder = file }, new CollectedIndex()).Dispose());
        Assert.That(ex!.Message, Does.Contain("cam01").And.Contain(file));
    }

    /// <summary>What the recorder reported, as it reported it; optionally holds its thread at the first segment.</summary>
    private sealed class CollectedIndex : ISegmentIndex
    {
        public List<(long Id, string Path)> Opened { get; } = [];
        public Dictionary<long, List<RecordedFrame>> Frames { get; } = [];
        public Dictionary<long, long> Closed { get; } = [];
        public Dictionary<long, int> ClosedFrames { get; } = [];
        public List<(string Codec, int Width, int Height)> Streams { get; } = [];
        public ManualResetEventSlim? Stall { get; init; }

        public long SegmentOpened(string camera, string path, string codec, int width, int height, Rational startCapture)
        {
            Stall?.Wait();
            Streams.Add((codec, width, height));
            long id = Opened.Count;
            Opened.Add((id, path));
            Frames[id] = [];
            return id;
        }

        public void FrameWritten(long segment, in RecordedFrame frame) => Frames[segment].Add(frame);

        public void SegmentClosed(long segment, Rational endCapture, long bytes, int frames)
        {
            ClosedFrames[segment] = frames;
            Closed[segment] = bytes;
        }
    }
}
