using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Nodes;
using Broadcast3D.Engine.Nodes.Wire;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests.Nodes;

/// <summary>
/// The fusion node's frame sets by capture time, with <c>CameraSync</c>'s rules (<c>SyncRules</c>) judged on the
/// stream's clock (the messages' publish times): deterministic, so no bus and no wall clock are needed.
/// </summary>
public class FrameSetAssemblerTests
{
    private static readonly SkeletonDefinition s_skeleton = SkeletonCatalog.Body25B;
    private static readonly string[] s_cameras = ["camA", "camB"];

    // Publish times start at an arbitrary Unix time; camA publishes 10 ms after capture, camB 12 ms (no tie with a deadline).
    private const long Epoch = 1_800_000_000_000_000_000;

    private static CameraPoses2D Message(string camera, long frameField, Rational capture, double delaySeconds = 0.010) => new()
    {
        Version = NodeWire.Version, Camera = camera, Frame = frameField, CaptureNumerator = capture.Numerator, CaptureDenominator = capture.Denominator,
        Skeleton = s_skeleton.Name, KeypointCount = (uint)s_skeleton.KeypointCount,
        PublishedUnixNanoseconds = Epoch + (long)((capture.ToDouble() + delaySeconds) * 1e9),
    };

    [Test]
    public void TryTake_FrameFieldsDisagreeButCaptureTimesMatch_OneSetByCaptureTime()
    {
        var assembler = new FrameSetAssembler(s_cameras, s_skeleton, 4, FrameRate.Fps60, stallTimeout: null);
        // camB's node numbers its frames from another start; a capture 4 ms off the grid is still that set's frame.
        Assert.That(assembler.Add(0, Message("camA", 0, new Rational(1, 60)), out string? why), Is.True, why);
        Assert.That(assembler.Add(1, Message("camB", 17, new Rational(1, 60) + new Rational(4, 1000)), out why), Is.True, why);
        Assert.That(assembler.Add(0, Message("camA", 0, Rational.Zero), out why), Is.True, why);
        Assert.That(assembler.Add(1, Message("camB", 16, Rational.Zero), out why), Is.True, why);

        Assert.That(assembler.TryTake(out FrameSetAssembler.ReadySet? first), Is.True);
        Assert.That((first!.Frame, first.CamerasPresent, first.Time), Is.EqualTo((0L, 2, (0L, 1L))));
        Assert.That(assembler.TryTake(out FrameSetAssembler.ReadySet? second), Is.True);
        Assert.That((second!.Frame, second.CamerasPresent, second.Time), Is.EqualTo((1L, 2, (1L, 60L))));
        Assert.That(assembler.TryTake(out _), Is.False, "offline: set 2 waits for both cameras");
    }

    [Test]
    public void TryTake_CameraSilentFromSetThree_WaitsTheTimeoutOnceThenOneFramePerSetThenRejoins()
    {
        var lines = new List<string>();
        var assembler = new FrameSetAssembler(s_cameras, s_skeleton, 4, FrameRate.Fps60, TimeSpan.FromMilliseconds(90), log: CollectingLog.Into(lines));
        var taken = new List<(long Frame, int Present, long AfterMessageOf)>();
        for (int f = 0; f < 30; f++)
        {
            Rational t = FrameRate.Fps60.TimeOfFrame(f);
            Assert.That(assembler.Add(0, Message("camA", f, t), out string? why), Is.True, why);
            if (f is < 3 or >= 20) // camB's node is down for sets 3–19
                Assert.That(assembler.Add(1, Message("camB", f, t, 0.012), out why), Is.True, why);
            while (assembler.TryTake(out FrameSetAssembler.ReadySet? set))
                taken.Add((set.Frame, set.CamerasPresent, f));
        }

        Assert.That(taken.Select(s => s.Frame), Is.EqualTo(Enumerable.Range(0, taken.Count).Select(i => (long)i)), "in order, none skipped");
        Assert.That(taken.Where(s => s.Present == 1).Select(s => s.Frame), Is.EqualTo(Enumerable.Range(3, 17).Select(i => (long)i)));
        // Set 3 (50 ms) waits for camB until its expected arrival (62 ms) + 90 ms: camA's message of set 9 (published at
        // 160 ms) is the first past it. camB is stalled from then on: one frame of slack, so set k is out once the clock
        // passes t(k+1) + 12 ms, by camA's message of set k + 2, not 90 ms later.
        Assert.That(taken.Single(s => s.Frame == 3).AfterMessageOf, Is.EqualTo(9));
        Assert.That(taken.Single(s => s.Frame == 12).AfterMessageOf, Is.EqualTo(14));
        Assert.That(lines, Is.EqualTo(new[]
        {
            "camB stalled at 0.05 s: fused frame sets go on without it",
            "camB is back in the fused frame sets at 0.333 s",
        }));
    }

    [Test]
    public void TryTake_FirstMessagesOnTheWallClockGrid_FirstSetIsTheirsWithoutEmptySetsBefore()
    {
        // Live ingest nodes stamp Unix time: set indices near 1.1e11 at 60 fps. A fusion node starting at 0 must not
        // hand out a window's worth of empty sets (each counted as missing every camera) before the first real one.
        var assembler = new FrameSetAssembler(s_cameras, s_skeleton, 4, FrameRate.Fps60, TimeSpan.FromMilliseconds(90));
        const long Now = 108_000_000_000;
        for (long f = Now; f < Now + 3; f++)
        {
            Rational t = FrameRate.Fps60.TimeOfFrame(f);
            Assert.That(assembler.Add(0, Message("camA", f, t), out string? why), Is.True, why);
            Assert.That(assembler.Add(1, Message("camB", f, t, 0.012), out why), Is.True, why);
        }
        var taken = new List<(long Frame, int Present)>();
        while (assembler.TryTake(out FrameSetAssembler.ReadySet? set))
            taken.Add((set.Frame, set.CamerasPresent));

        Assert.That(taken, Is.EqualTo(new[] { (Now, 2), (Now + 1, 2), (Now + 2, 2) }));
        Assert.That((assembler.SkippedSets, assembler.IncompleteSets, assembler.CameraMissingSets.Sum()), Is.EqualTo((Now, 0L, 0L)));
    }

    [Test]
    public void TryTake_EveryNodeHeldUpAlike_TheSetWaitsForItsOwnLateMessagesAndNobodyStalls()
    {
        // Both nodes are held up 300 ms at set 2 (a loaded machine, a network pause), past the 90 ms timeout: camA's
        // late message is read first. It must not stall camB, whose message of the same set comes a moment later
        // just as late: only a message of a later set says that time has passed for this one.
        var lines = new List<string>();
        var assembler = new FrameSetAssembler(s_cameras, s_skeleton, 4, FrameRate.Fps60, TimeSpan.FromMilliseconds(90), log: CollectingLog.Into(lines));
        var taken = new List<(long Frame, int Present)>();
        for (int f = 0; f < 6; f++)
        {
            Rational t = FrameRate.Fps60.TimeOfFrame(f);
            double held = f >= 2 ? 0.300 : 0;
            Assert.That(assembler.Add(0, Message("camA", f, t, 0.010 + held), out string? why), Is.True, why);
            while (assembler.TryTake(out FrameSetAssembler.ReadySet? set))
                taken.Add((set.Frame, set.CamerasPresent));
            Assert.That(assembler.Add(1, Message("camB", f, t, 0.012 + held), out why), Is.True, why);
            while (assembler.TryTake(out FrameSetAssembler.ReadySet? set))
                taken.Add((set.Frame, set.CamerasPresent));
        }

        Assert.That(taken, Is.EqualTo(Enumerable.Range(0, 6).Select(f => ((long)f, 2))), "every set complete, in order");
        Assert.That(lines, Is.Empty, "nobody left the sets");
    }
}
