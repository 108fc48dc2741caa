using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Engine.Nodes;
using Broadcast3D.Engine.Nodes.Wire;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests.Nodes;

/// <summary>
/// Camera nodes without cameras: a <see cref="SyntheticCrowd"/> walking in front of a <see cref="SyntheticRig"/>
/// ring, its BODY_25B 2D (known 3D + pixel noise) as the 2D messages an ingest node publishes, frame by frame.
/// </summary>
internal sealed class SyntheticCameraNodes
{
    private readonly double[][][] _views;

    public SyntheticCameraNodes(int cameras, int frames, int people = 1, int seed = 7)
    {
        Rig = SyntheticRig.Ring(cameras);
        var crowd = new SyntheticCrowd(Rig, frames) { OcclusionPixels = 0 };
        for (int p = 0; p < people; p++)
        {
            double y = (p - ((people - 1) / 2.0)) * 0.8;
            crowd.Add(SyntheticCrowd.Walk(new Vector3d(-1.5, y, 0), new Vector3d(1.5, y, 0), 0, frames - 1));
        }
        _views = crowd.Generate(seed);
        Frames = frames;
    }

    public CameraRig Rig { get; }

    public int Frames { get; }

    public string Camera(int c) => Rig.Cameras[c].Name;

    /// <summary>Camera <paramref name="c"/>'s 2D message of frame <paramref name="frame"/> at 60 fps.</summary>
    public CameraPoses2D Message(int c, int frame)
    {
        var message = new CameraPoses2D
        {
            Version = NodeWire.Version, Camera = Camera(c), Frame = frame, CaptureNumerator = frame, CaptureDenominator = 60,
            Timecode = "", Skeleton = SkeletonCatalog.Body25B.Name, KeypointCount = SyntheticCrowd.Keypoints,
            PublishedUnixNanoseconds = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100,
        };
        double[] values = _views[frame][c];
        int people = values.Length / (SyntheticCrowd.Keypoints * 3);
        for (int p = 0; p < people; p++)
        {
            var person = new Person2D { TrackId = p, Score = 0.9f, BoxX2 = 1, BoxY2 = 1 };
            for (int i = 0; i < SyntheticCrowd.Keypoints * 3; i++)
                person.Keypoints.Add((float)values[(p * SyntheticCrowd.Keypoints * 3) + i]);
            message.People.Add(person);
        }
        return message;
    }

    /// <summary>Camera <paramref name="c"/>'s end of stream after <paramref name="frames"/> frames.</summary>
    public CameraPoses2D End(int c, int frames) => new()
    {
        Version = NodeWire.Version, Camera = Camera(c), Frame = frames, CaptureDenominator = 1, EndOfStream = true,
        Skeleton = SkeletonCatalog.Body25B.Name, KeypointCount = SyntheticCrowd.Keypoints,
    };

    /// <summary>Fusion options for this rig on <paramref name="url"/>.</summary>
    /// <param name="url">The bus.</param>
    /// <param name="stall">Stall timeout (null: wait for every camera).</param>
    /// <param name="people">Athletes on the field: every one is fused (3D people and 2D people per camera).</param>
    public static FusionNodeOptions Fusion(string url, TimeSpan? stall, int people = 4) => new()
    {
        Bus = new BusOptions { Url = url }, CalibrationPath = "synthetic ring", Skeleton = "BODY_25B", StallTimeout = stall,
        MaxPeople = Math.Max(4, people), MaxPeoplePerCamera = Math.Max(16, people),
    };
}
