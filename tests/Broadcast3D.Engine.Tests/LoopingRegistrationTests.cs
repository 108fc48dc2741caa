using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Live;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// Looping file cameras in a live run (issue #22): each time a file starts over, its frames begin a new timeline
/// segment, and no skeleton drawn on a picture of one segment comes from a tracking result of another, so none is
/// interpolated between the last pictures of a loop and the first of the next. The athlete keeps his track id
/// across the cuts (the tracker restarts its motion gating there, the ids persist: README "Timeline cuts").
/// </summary>
[NonParallelizable]
[Category("Live")]
public class LoopingRegistrationTests
{
    [Test]
    public void Run_LoopingFileCamerasWithAutoDelay_NoSkeletonCrossesALoopCut()
    {
        const int Frames = 20 * 60; // 12 loops of the 100-frame clips
        using var tmp = new TempFolder("b3d-loop-registration");
        string output = tmp.File("programme.mp4");
        PipelineConfig loaded = PipelineConfigLoader.Load(LiveFileRig.Config(tmp, LiveFileRig.Clips(tmp, 100, loop: true),
            $$"""[{"type": "file", "target": "{{output}}"}]"""));
        PipelineConfig config = loaded with { DelayFrames = 0, AutoDelay = true, MaxDelayFrames = PipelineConfig.DefaultMaxDelayFrames };

        var segments = new List<(long Picture, long Skeleton, bool Interpolated)>();
        var ids = new List<(long Segment, int Id)>();
        var pipeline = new LivePipeline(config)
        {
            FrameDrawn = (_, picture, age, people, _) =>
            {
                if (people is null)
                    return;
                segments.Add((picture.Segment, people.Segment, age == 0));
                for (int p = 0; p < people.Count; p++)
                    ids.Add((people.Segment, people.PersonIds[p]));
            },
        };
        LiveRunReport report = pipeline.Run(Frames, CancellationToken.None);
        TestContext.Out.WriteLine(string.Join("\n", report.Lines));

        Assert.That(report.Lines, Has.Some.Match(@"^camera cam01: \d+ frames read"));
        long[] drawnSegments = [.. segments.Select(s => s.Picture).Distinct()];
        TestContext.Out.WriteLine($"{segments.Count} frames with graphics after warm-up, over {drawnSegments.Length} timeline segments");
        Assert.That(drawnSegments, Has.Length.GreaterThanOrEqualTo(3), "graphics drawn over pictures of several loops (each loop a new segment)");
        Assert.That(segments.Where(s => s.Picture != s.Skeleton), Is.Empty, "a skeleton drawn over a picture of another loop");

        // The athlete: the id drawn most. He is drawn with it in the last loop drawn as in the first.
        int athlete = ids.GroupBy(i => i.Id).MaxBy(g => g.Count())!.Key;
        TestContext.Out.WriteLine($"ids drawn: {string.Join(", ", ids.GroupBy(i => i.Id).Select(g => $"#{g.Key} in {g.Select(i => i.Segment).Distinct().Count()} segments"))}");
        Assert.That(ids.Where(i => i.Segment == drawnSegments[0]).Select(i => i.Id), Has.Member(athlete), "the athlete's id in the first loop drawn");
        Assert.That(ids.Where(i => i.Segment == drawnSegments[^1]).Select(i => i.Id), Has.Member(athlete), "the same id in the last loop drawn");

        Assert.That(segments.Count(s => s.Interpolated), Is.GreaterThan(segments.Count / 2), "most pictures are still interpolated, within their loop");
    }
}
