using System.Diagnostics;
using Broadcast3D.Core.Meshes;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Live;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Media;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Meshes;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The live replay channel's mesh worker (issue #18) behind a real <see cref="ReplayController"/> on a real-time
/// <see cref="FrameChannel"/>: a cue on a recording of the real Balancing trial (<see cref="TrialRecording"/>: four
/// calibrated cameras, a fifth without) has its instants carved on the worker's thread (BlazePose on the recorded
/// pictures, the recorded 3D) while the channel goes on ticking, counted in the replay state; a second cue cancels
/// the first; one calibrated camera keeps capsules and says why; <c>mesh: false</c> carves nothing.
/// </summary>
[NonParallelizable]
public class ReplayMeshWorkerTests
{
    private static readonly TimeSpan s_carveLimit = TimeSpan.FromMinutes(4);

    [Test]
    public async Task Cue_ClipOfTheTrialRecording_EveryInstantMeshedOffTheChannelWhileItTicks()
    {
        using var temp = new TempFolder("b3d-replay-mesh-worker");
        TrialRecording.Record(temp.Path, 20);
        await using var rig = new Rig(temp.Path, carveByDefault: true);

        // A long clip first (18 instants), replaced at once: its carving is cancelled, it never finishes.
        await rig.Controller.MarkIn(ReplayTime.Parse("0s", "at"));
        await rig.Controller.MarkOut(ReplayTime.Parse("0.3s", "at"));
        await rig.Controller.Cue("cam01");
        ClipMeshes replaced = rig.Worker.Current!;
        Assert.That(replaced.Frames, Is.EqualTo(18));

        await rig.Controller.MarkIn(ReplayTime.Parse("0.1s", "at"));
        await rig.Controller.MarkOut(ReplayTime.Parse("0.15s", "at"));
        ReplayState cued = await rig.Controller.Cue("cam02");
        long ticksAtCue = rig.Channel.Stats.Ticks;
        Assert.That(cued.Meshes, Is.Not.Null.And.Property(nameof(ReplayMeshState.Mode)).EqualTo("carved"));
        Assert.That(cued.Meshes!.Frames, Is.EqualTo(3), "0.1 s to 0.15 s at 60 fps: three recorded pictures");

        ReplayMeshState done = await rig.WaitUntilBuiltAsync();
        TestContext.Out.WriteLine($"meshes {done}; channel ticks during the carving {rig.Channel.Stats.Ticks - ticksAtCue}");
        Assert.That(done, Is.EqualTo(new ReplayMeshState("carved", 3, 3, 3, false, null)), "every instant carved, each with the athlete's mesh");
        Assert.That(rig.Channel.Stats.Ticks - ticksAtCue, Is.GreaterThan(30), "the channel kept ticking while the meshes were carved elsewhere");
        Assert.That(replaced.State.Building, Is.False);
        Assert.That(replaced.State.Reason, Is.EqualTo("another clip was cued"));
        Assert.That(replaced.State.FramesDone, Is.LessThan(18), "the replaced clip stopped early");

        ClipMeshes clip = rig.Worker.Current!;
        Rational frame = TrialRecording.Rate.FrameDuration;
        for (int k = 0; k < 3; k++)
        {
            AthleteMesh[] meshes = clip.MeshesAt(0, clip.TimeOf(k)).ToArray();
            Assert.That(meshes, Has.Length.EqualTo(1), $"instant {k}: the one recorded athlete");
            Assert.That(meshes[0].PersonId, Is.EqualTo(AthleteRecording.PersonId), "carries the recorded id");
            Assert.That(meshes[0].TriangleCount, Is.GreaterThan(1000), "a body's surface at 3 cm");
            // A slow-motion frame between two pictures takes the nearest instant's mesh.
            Assert.That(clip.MeshesAt(0, clip.TimeOf(k) + (frame * new Rational(2, 5))).ToArray()[0], Is.SameAs(meshes[0]));
        }
        Assert.That(clip.MeshesAt(0, clip.TimeOf(0) - frame).IsEmpty, Is.True, "before the clip: none (capsules)");
        Assert.That(clip.MeshesAt(0, clip.TimeOf(3)).IsEmpty, Is.True, "after the clip: none (capsules)");

        // Stop unloads the clip: its meshes go with it.
        ReplayState stopped = await rig.Controller.Stop();
        Assert.That(stopped.Meshes, Is.Null);
        Assert.That(rig.Worker.Current, Is.Null);
    }

    [Test]
    public async Task Cue_RecordingWithOneCalibratedCamera_CapsulesAndTheReasonInTheState()
    {
        using var temp = new TempFolder("b3d-replay-mesh-one");
        AthleteRecording.Record(temp.Path);
        await using var rig = new Rig(temp.Path, carveByDefault: true);
        await rig.Controller.MarkIn(ReplayTime.Parse("1.2s", "at"));
        await rig.Controller.MarkOut(ReplayTime.Parse("1.4s", "at"));
        await rig.Controller.Cue(AthleteRecording.Camera);
        ReplayMeshState state = await rig.WaitUntilBuiltAsync();
        Assert.That(state.FramesWithMesh, Is.Zero);
        Assert.That(state.Reason, Is.EqualTo("1 recorded camera(s) with a calibration, 2 needed to carve"));
        Assert.That(rig.Worker.Current!.MeshesAt(0, rig.Worker.Current.TimeOf(0)).IsEmpty, Is.True, "the virtual camera draws capsules");
    }

    [Test]
    public async Task Cue_MeshNone_NothingCarvedAndTheModeSaysCapsules()
    {
        using var temp = new TempFolder("b3d-replay-mesh-none");
        AthleteRecording.Record(temp.Path);
        await using var rig = new Rig(temp.Path, carveByDefault: true);
        await rig.Controller.MarkIn(ReplayTime.Parse("1.2s", "at"));
        await rig.Controller.MarkOut(ReplayTime.Parse("1.4s", "at"));
        ReplayState cued = await rig.Controller.Cue(AthleteRecording.Camera, mesh: false);
        Assert.That(cued.Meshes, Is.EqualTo(new ReplayMeshState("none", 5, 0, 0, false, null)));
        Assert.That(rig.Worker.Current!.Carve, Is.False);
    }

    /// <summary>A real-time replay channel (ticking on its own thread) with a controller and a mesh worker over a recording.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly RecordingCatalog _catalog;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _running;

        public Rig(string folder, bool carveByDefault)
        {
            _catalog = RecordingCatalog.Open(folder);
            RecordedRun run = _catalog.Run(null);
            ReplayController controller = null!;
            Channel = new FrameChannel("replay", new RealtimeFrameClock(run.FrameRate), _ => controller.NextPicture());
            Worker = new ReplayMeshWorker(folder, run.Id, run.FrameRate, new MeshOptions(VoxelMetres: 0.03, AllowedMisses: 0), carveByDefault, Serilog.Log.Logger);
            Controller = controller = new ReplayController(Channel, _catalog, output: FrameOutput.Native);
            Controller.Meshes = Worker;
            _running = Task.Factory.StartNew(() => Channel.Run(null, _stop.Token), TaskCreationOptions.LongRunning);
        }

        public FrameChannel Channel { get; }

        public ReplayMeshWorker Worker { get; }

        public ReplayController Controller { get; }

        /// <summary>Waits until the cued clip's carving has ended (fails after <see cref="s_carveLimit"/>).</summary>
        public async Task<ReplayMeshState> WaitUntilBuiltAsync()
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < s_carveLimit)
            {
                if (Controller.State.Meshes is { Building: false } state)
                    return state;
                await Task.Delay(100);
            }
            Assert.Fail($"the clip's meshes were not built within {s_carveLimit}: {Controller.State.Meshes}");
            return null!;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _running;
            Controller.Dispose();
            Worker.Dispose();
            _catalog.Dispose();
            _stop.Dispose();
        }
    }
}
