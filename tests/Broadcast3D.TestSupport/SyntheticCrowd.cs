using System.Globalization;
using System.Text;
using Broadcast3D.Core.Cameras;

namespace Broadcast3D.TestSupport;

/// <summary>
/// People walking in front of a calibrated rig, seen as a 2D pose model would report them: BODY_25B keypoints
/// (25, OpenPose layout) of a walking body per person, projected into every camera with pixel noise, listed in a
/// shuffled order per camera, left out where the person is absent, outside the picture, not visible to that camera,
/// or hidden behind a nearer person. Knows which person every detection is (<see cref="Truth"/>), so tests can count
/// identity switches and fused people. Deterministic for a seed. Not thread-safe.
/// </summary>
public sealed class SyntheticCrowd
{
    /// <summary>Keypoints per detection (BODY_25B).</summary>
    public const int Keypoints = 25;

    // Body-frame offsets (forward, left, up; metres) of the BODY_25B keypoints of a standing adult.
    private static readonly (double F, double L, double H)[] Body =
    [
        (0.10, 0, 1.62), (0.08, 0.03, 1.66), (0.08, -0.03, 1.66), (0, 0.08, 1.63), (0, -0.08, 1.63),
        (0, 0.19, 1.45), (0, -0.19, 1.45), (0, 0.23, 1.15), (0, -0.23, 1.15), (0.05, 0.24, 0.88), (0.05, -0.24, 0.88),
        (0, 0.10, 0.95), (0, -0.10, 0.95), (0.02, 0.10, 0.52), (0.02, -0.10, 0.52), (0, 0.10, 0.09), (0, -0.10, 0.09),
        (0, 0, 1.50), (0, 0, 1.75), (0.18, 0.12, 0.02), (0.16, 0.16, 0.02), (-0.05, 0.10, 0.03), (0.18, -0.12, 0.02),
        (0.16, -0.16, 0.02), (-0.05, -0.10, 0.03),
    ];

    private readonly CameraRig _rig;
    private readonly List<(Func<int, Vector3d?> Path, int[]? Cameras)> _people = [];

    /// <summary>A crowd of no one yet, over <paramref name="frames"/> frames.</summary>
    public SyntheticCrowd(CameraRig rig, int frames)
    {
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 2);
        _rig = rig;
        Frames = frames;
    }

    /// <summary>Frames of the capture.</summary>
    public int Frames { get; }

    /// <summary>People added.</summary>
    public int People => _people.Count;

    /// <summary>Gaussian pixel noise (standard deviation) on every keypoint.</summary>
    public double NoisePixels { get; init; } = 2;

    /// <summary>A person whose neck projects within this many pixels of a nearer person's neck is not detected in that camera (0: nobody is hidden).</summary>
    public double OcclusionPixels { get; init; } = 60;

    /// <summary>Per frame, camera and detection: the person it shows (filled by <see cref="Generate"/>).</summary>
    public int[][][] Truth { get; private set; } = [];

    /// <summary>
    /// Adds a person whose ground point (between the feet, metres, Z up) at frame f is <paramref name="path"/>(f),
    /// null while absent; they face the way they walk. <paramref name="cameras"/>: the only cameras that can see
    /// them (null: all).
    /// </summary>
    /// <returns>The person's index in <see cref="Truth"/>.</returns>
    public int Add(Func<int, Vector3d?> path, int[]? cameras = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        _people.Add((path, cameras));
        return _people.Count - 1;
    }

    /// <summary>A walk from <paramref name="from"/> to <paramref name="to"/> between two frames, standing still before and after.</summary>
    public static Func<int, Vector3d?> Walk(Vector3d from, Vector3d to, int startFrame, int endFrame) => f =>
    {
        double s = Math.Clamp((f - startFrame) / (double)(endFrame - startFrame), 0, 1);
        return from + (s * (to - from));
    };

    /// <summary>
    /// The detections per frame and camera, [person][keypoint][x, y, confidence] in pixels, and fills
    /// <see cref="Truth"/>.
    /// </summary>
    public double[][][] Generate(int seed)
    {
        var random = new Random(seed);
        var views = new double[Frames][][];
        Truth = new int[Frames][][];
        for (int f = 0; f < Frames; f++)
        {
            views[f] = new double[_rig.Count][];
            Truth[f] = new int[_rig.Count][];
            Vector3d[]?[] bodies = [.. _people.Select(p => p.Path(f) is { } ground ? Pose(ground, Heading(p.Path, f), f) : null)];
            for (int c = 0; c < _rig.Count; c++)
            {
                Camera camera = _rig.Cameras[c];
                var seen = new List<int>();
                for (int p = 0; p < _people.Count; p++)
                {
                    if (bodies[p] is { } body && (_people[p].Cameras?.Contains(c) ?? true) && InPicture(camera, body) && !Hidden(camera, bodies, p))
                        seen.Add(p);
                }
                int[] order = [.. seen.OrderBy(_ => random.Next())];
                Truth[f][c] = order;
                var values = new double[order.Length * Keypoints * 3];
                for (int d = 0; d < order.Length; d++)
                {
                    Vector3d[] body = bodies[order[d]]!;
                    for (int k = 0; k < Keypoints; k++)
                    {
                        (double u, double v) = camera.Project(body[k]);
                        int o = ((d * Keypoints) + k) * 3;
                        values[o] = u + (NoisePixels * SyntheticRig.Gaussian(random));
                        values[o + 1] = v + (NoisePixels * SyntheticRig.Gaussian(random));
                        values[o + 2] = 0.85 + (0.1 * random.NextDouble());
                    }
                }
                views[f][c] = values;
            }
        }
        return views;
    }

    /// <summary>Writes <paramref name="views"/> as OpenPose JSON: <c>folder/camNN_json/frame_FFFFFF.json</c>.</summary>
    public void WriteOpenPose(string folder, double[][][] views)
    {
        ArgumentNullException.ThrowIfNull(views);
        for (int c = 0; c < _rig.Count; c++)
        {
            string camera = Path.Combine(folder, $"cam{c + 1:00}_json");
            Directory.CreateDirectory(camera);
            for (int f = 0; f < views.Length; f++)
            {
                var json = new StringBuilder("{\"version\":1.3,\"people\":[");
                double[] values = views[f][c];
                for (int d = 0; d < values.Length / (Keypoints * 3); d++)
                {
                    json.Append(d == 0 ? "" : ",").Append("{\"person_id\":[-1],\"pose_keypoints_2d\":[");
                    for (int i = 0; i < Keypoints * 3; i++)
                        json.Append(i == 0 ? "" : ",").Append(values[(d * Keypoints * 3) + i].ToString("R", CultureInfo.InvariantCulture));
                    json.Append("]}");
                }
                File.WriteAllText(Path.Combine(camera, $"frame_{f:000000}.json"), json.Append("]}").ToString());
            }
        }
    }

    private static double Heading(Func<int, Vector3d?> path, int frame)
    {
        Vector3d? a = path(frame), b = path(frame + 1), c = path(frame - 1);
        Vector3d d = a is { } p && b is { } q && (q - p).Length > 1e-6 ? q - p : a is { } p2 && c is { } q2 && (p2 - q2).Length > 1e-6 ? p2 - q2 : new Vector3d(1, 0, 0);
        return Math.Atan2(d.Y, d.X);
    }

    // A walking body: the feet, knees and wrists swing with a 1 s stride at 60 fps.
    private static Vector3d[] Pose(Vector3d ground, double heading, int frame)
    {
        double swing = 0.15 * Math.Sin(2 * Math.PI * frame / 60.0);
        (double sin, double cos) = Math.SinCos(heading);
        var body = new Vector3d[Keypoints];
        for (int k = 0; k < Keypoints; k++)
        {
            (double f, double l, double h) = Body[k];
            bool leftLeg = k is 13 or 15 or 19 or 20 or 21 or 10;
            bool rightLeg = k is 14 or 16 or 22 or 23 or 24 or 9;
            f += leftLeg ? swing : rightLeg ? -swing : 0;
            body[k] = ground + new Vector3d((f * cos) - (l * sin), (f * sin) + (l * cos), h);
        }
        return body;
    }

    private static bool InPicture(Camera camera, Vector3d[] body)
    {
        foreach (Vector3d point in body)
        {
            Vector3d local = camera.WorldToCamera(point);
            if (local.Z <= 0.1)
                return false;
            (double u, double v) = camera.Project(point);
            if (u < 0 || v < 0 || u >= camera.ImageWidth || v >= camera.ImageHeight)
                return false;
        }
        return true;
    }

    private bool Hidden(Camera camera, Vector3d[]?[] bodies, int person)
    {
        if (OcclusionPixels <= 0)
            return false;
        const int Neck = 17;
        Vector3d neck = bodies[person]![Neck];
        double depth = (camera.PositionMetres - neck).Length;
        (double u, double v) = camera.Project(neck);
        for (int q = 0; q < bodies.Length; q++)
        {
            if (q == person || bodies[q] is not { } other)
                continue;
            (double u2, double v2) = camera.Project(other[Neck]);
            if ((camera.PositionMetres - other[Neck]).Length < depth && Math.Sqrt(((u - u2) * (u - u2)) + ((v - v2) * (v - v2))) < OcclusionPixels)
                return true;
        }
        return false;
    }
}
