using Broadcast3D.Calibration.Sync;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Tracking.Tests;

/// <summary>Time offsets from the athlete's motion on the Balancing trial's 2D keypoints (issue #19).</summary>
public sealed class MotionSyncTests
{
    private static IReadOnlyList<PoseSeries> Balancing(string folder) =>
        PoseSeries.ReadOpenPose(Path.Combine(SharedAssets.BalancingTrial, folder));

    [Test]
    public void Estimate_DemoTrial_OffsetsWithinOneFrame()
    {
        // The demo's cameras were recorded together (Qualisys-triggered); 100 frames of balancing leave the
        // estimate within a frame of that (docs/calibration.md gives the values).
        IReadOnlyList<CameraOffset> offsets = MotionSync.Estimate(Balancing("pose-associated"), 60, 0, null, "balancing");
        foreach (CameraOffset o in offsets)
        {
            TestContext.Out.WriteLine($"{o.Camera}: {o.Frames} frames ({o.FractionalFrames:F2}), r = {o.Correlation:F3}");
        }

        Assert.That(offsets.Select(o => Math.Abs(o.FractionalFrames)), Is.All.LessThanOrEqualTo(1.5));
    }

    [Test]
    public void Estimate_OneCameraShiftedByMinus10To10_FindsEveryShiftExactly([Values("pose-associated", "pose")] string folder, [Values(1, 2, 3)] int shifted)
    {
        IReadOnlyList<PoseSeries> cameras = Balancing(folder);
        // The shift is found on top of the camera's own offset in the recording (a fraction of a frame, which
        // rounding could put either side of an integer): k is the change of the sub-frame estimate, rounded.
        double own = MotionSync.Estimate(cameras, 60, 0, null, "balancing")[shifted].FractionalFrames;
        var found = new List<int>();
        var residuals = new List<double>();
        for (int k = -10; k <= 10; k++)
        {
            PoseSeries[] trial = [.. cameras];
            trial[shifted] = cameras[shifted].Shifted(k);
            CameraOffset offset = MotionSync.Estimate(trial, 60, 0, null, "balancing")[shifted];
            found.Add((int)Math.Round(offset.FractionalFrames - own));
            residuals.Add(offset.FractionalFrames - own - k);
            Assert.That(offset.Seconds, Is.EqualTo(offset.Frames / 60.0));
        }

        TestContext.Out.WriteLine($"{folder}, camera {shifted + 1}: own offset {own:F2}, found {string.Join(", ", found)}, largest residual {residuals.Max(Math.Abs):F2} frames");
        Assert.That(found, Is.EqualTo(Enumerable.Range(-10, 21)));
    }

    [Test]
    public void Estimate_StaticAthlete_ThrowsSayingToRecordMotion()
    {
        // The Static trial: 12 frames of the athlete standing still.
        IReadOnlyList<PoseSeries> cameras = PoseSeries.ReadOpenPose(Path.Combine(SharedAssets.StaticTrial, "pose-associated"));
        var ex = Assert.Throws<InputFormatException>(() => MotionSync.Estimate(cameras, 60, 0, null, "static"));
        Assert.That(ex!.Message, Does.Contain("too few to synchronise").And.Contain("athlete moving"));
    }

    [Test]
    public void Estimate_FrozenAthlete_ThrowsBarelyMoves()
    {
        IReadOnlyList<PoseSeries> cameras = Balancing("pose-associated");
        // Every frame of camera 2 replaced by its first: a camera watching a statue.
        PoseSeries[] trial = [.. cameras];
        trial[1] = new PoseSeries(cameras[1].Camera, [.. cameras[1].Frames.Select(_ => cameras[1].Frames[0])]);

        var ex = Assert.Throws<InputFormatException>(() => MotionSync.Estimate(trial, 60, 0, null, "balancing"));
        Assert.That(ex!.Message, Does.Contain($"camera {cameras[1].Camera}: the athlete barely moves"));
    }
}
