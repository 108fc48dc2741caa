using Broadcast3D.Core.Frames;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Tracking.Tests;

public class Pose2DPipelineTests
{
    private static Pose2DPipeline Create(int cameras, Pose2DOptions options) => new(
        new RtmDetDetector(TestFrames.RtmDet, TestFrames.Cpu),
        new BlazePoseEstimator(TestFrames.BlazePoseLite, TestFrames.Cpu), cameras, options);

    [Test]
    public void Process_DetectEveryThirdFrame_KeepsOneTrackIdAndSmoothKeypoints()
    {
        int[] indices = [20, 21, 22, 23, 24, 25];
        ImagePlanes[] frames = VideoFrames.Read(VideoFrames.Balancing(3), indices);
        using Pose2DPipeline pipeline = Create(1, new Pose2DOptions(DetectEvery: 3));
        int? id = null;
        var previous = new Keypoint[33];
        for (int i = 0; i < frames.Length; i++)
        {
            CameraPoses poses = pipeline.Process([frames[i]])[0];
            Assert.That(poses.Count, Is.EqualTo(1), $"frame {indices[i]}");
            id ??= poses.TrackId(0);
            Assert.That(poses.TrackId(0), Is.EqualTo(id), $"frame {indices[i]}");
            ReadOnlySpan<Keypoint> kp = poses.Keypoints(0);
            if (i > 0)
            {
                // 60 fps balancing: the trunk and legs move ≤ ~10 px per frame in the reference (the lifted foot),
                // plus the lite model's jitter; 60 px would be a jump to something else (the other person is
                // hundreds of px away). Arms swing faster and are left out.
                foreach (int k in (int[])[11, 12, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32])
                    Assert.That(Math.Sqrt(Math.Pow(kp[k].X - previous[k].X, 2) + Math.Pow(kp[k].Y - previous[k].Y, 2)), Is.LessThan(60), $"joint {k} at frame {indices[i]}");
            }
            kp.CopyTo(previous);
        }
    }

    [Test]
    public void Process_BlackFrames_FindsNobodyOnEveryCamera()
    {
        ImagePlanes black = TestFrames.Black(320, 240);
        using Pose2DPipeline pipeline = Create(2, new Pose2DOptions());
        for (int i = 0; i < 3; i++)
        {
            IReadOnlyList<CameraPoses> poses = pipeline.Process([black, black]);
            Assert.That(poses.Select(p => p.Count), Is.All.Zero);
        }
    }

    [Test]
    public void Process_MosaicOfEightAthletes_KeepsAtMostMaxPeoplePerCamera()
    {
        // 4 × 2 tiles of the athlete frame shrunk 4× (270 × 480 each) in one 1080 × 960 image.
        ImagePlanes f = TestFrames.Cam1Rgba;
        int tw = f.Width / 4, th = f.Height / 4, w = tw * 4, h = th * 2;
        var mosaic = new byte[w * h * 4];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int sx = (x % tw) * 4, sy = (y % th) * 4;
                f.Plane0.Span.Slice(sy * f.Stride0 + sx * 4, 4).CopyTo(mosaic.AsSpan((y * w + x) * 4, 4));
            }
        }
        using Pose2DPipeline pipeline = Create(1, new Pose2DOptions(MaxPeoplePerCamera: 3));
        CameraPoses poses = pipeline.Process([ImagePlanes.Rgba(mosaic, w, h)])[0];
        Assert.That(poses.Count, Is.InRange(1, 3));
    }

    [Test]
    public void Process_WrongFrameCount_ThrowsNamingBoth()
    {
        using Pose2DPipeline pipeline = Create(4, new Pose2DOptions());
        var ex = Assert.Throws<ArgumentException>(() => pipeline.Process([TestFrames.Cam1]));
        Assert.That(ex!.Message, Does.Contain("expected 4 frames").And.Contain("got 1"));
    }

    [Test]
    public void Suppress_FiveHundredOverlappingBoxes_KeepsDisjointBestFirst()
    {
        var rng = new Random(11);
        var boxes = new List<PersonBox>();
        for (int i = 0; i < 500; i++)
        {
            float x = rng.Next(0, 1000), y = rng.Next(0, 1000);
            boxes.Add(new PersonBox(x, y, x + rng.Next(20, 200), y + rng.Next(20, 400), (float)rng.NextDouble()));
        }
        BoxOps.Suppress(boxes, 0.45f, 50);
        Assert.That(boxes, Has.Count.InRange(1, 50));
        Assert.That(boxes.Select(b => b.Score), Is.Ordered.Descending);
        for (int i = 0; i < boxes.Count; i++)
        {
            for (int j = i + 1; j < boxes.Count; j++)
                Assert.That(boxes[i].IoU(boxes[j]), Is.LessThanOrEqualTo(0.45f));
        }
    }
}
