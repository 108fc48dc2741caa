using BenchmarkDotNet.Attributes;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Association;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// Cost of the people step per frame set (issue #23) against the number of people (1–30) and cameras (4–16):
/// <see cref="Associate"/> is the cross-view association alone (<see cref="CrossViewAssociator"/>, O(D²·K) in D =
/// people × cameras detections); the baseline is the whole <see cref="PeopleFrameStep"/> — association, Pose2Sim's
/// exhaustive triangulation of the 21 markers of every person, identities — so the ratio is association's share.
/// The people stand on a 1.2 m grid (turned 20°) in front of a ring of cameras 10 m away, walking on the spot (gait swing), seen by
/// every camera (no occlusion, so D is exact), 2 px noise; each invocation takes the next of 60 frame sets.
/// The growth exponents (time ∝ people^a, cameras^b) are fitted from the means in docs/multi-person.md.
/// </summary>
[Config(typeof(InProcessShortRunConfig))]
[MemoryDiagnoser]
public class AssociationScalingBenchmark
{
    private const int FrameSets = 60;
    private CrossViewAssociator _associator = null!;
    private PeopleFrameStep _step = null!;
    private ReadOnlyMemory<double>[][] _frames = null!;
    private int _next;

    [Params(1, 3, 10, 30)]
    public int People { get; set; }

    [Params(4, 8, 16)]
    public int Cameras { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        CameraRig rig = SyntheticRig.Ring(Cameras, radius: 10);
        var crowd = new SyntheticCrowd(rig, FrameSets) { OcclusionPixels = 0 };
        for (int p = 0; p < People; p++)
        {
            // A 6 × 5 grid turned 20° so that no row lines up with a camera pair.
            double gx = ((p % 6) - 2.5) * 1.2, gy = ((p / 6) - 2) * 1.2;
            var spot = new Vector3d((gx * Math.Cos(0.35)) - (gy * Math.Sin(0.35)), (gx * Math.Sin(0.35)) + (gy * Math.Cos(0.35)), 0);
            crowd.Add(f => spot + new Vector3d(0, 0.001 * f, 0));
        }
        double[][][] views = crowd.Generate(seed: People * Cameras);
        _frames = [.. views.Select(f => f.Select(c => (ReadOnlyMemory<double>)c).ToArray())];
        for (int f = 0; f < FrameSets; f++)
        {
            for (int c = 0; c < Cameras; c++)
            {
                if (_frames[f][c].Length != People * SyntheticCrowd.Keypoints * 3)
                    throw new InvalidOperationException($"frame {f} camera {c}: not every person in the picture; the benchmark needs D = people × cameras");
            }
        }
        _associator = new CrossViewAssociator(rig);
        _step = new PeopleFrameStep(rig, SyntheticCrowd.Keypoints, Pose2SimMarkers.Body25BIndices, maxPeople: 30);
        // Measure the step doing its job: every person found, each from every camera.
        int found = _associator.Associate(_frames[0], SyntheticCrowd.Keypoints).Count(p => p.CameraCount == Cameras);
        if (found != People)
            throw new InvalidOperationException($"{People} people × {Cameras} cameras: the association found {found} people seen by every camera");
    }

    [GlobalCleanup]
    public void Cleanup() => _step.Dispose();

    [Benchmark(Baseline = true, Description = "associate + triangulate + identify")]
    public int Step()
    {
        ReadOnlyMemory<double>[] views = _frames[_next++ % FrameSets];
        _step.Associate(views);
        _step.Triangulate();
        return _step.PeopleCount;
    }

    [Benchmark(Description = "associate")]
    public int Associate() => _associator.Associate(_frames[_next++ % FrameSets], SyntheticCrowd.Keypoints).Count;
}
