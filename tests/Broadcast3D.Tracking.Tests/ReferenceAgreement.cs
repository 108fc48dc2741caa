using Broadcast3D.Core.Skeletons;
using System.Globalization;
using System.Text;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Tracking.Tests;

/// <summary>
/// Pixel distances between our keypoints and the reference OpenPose BODY_25B detections of the athlete, per camera
/// and shared joint. Reference joints under 0.3 confidence (the reference triangulation's own threshold) are not
/// ground truth and are skipped; ours are compared whatever their confidence, so a bad joint cannot hide.
/// </summary>
internal sealed class ReferenceAgreement
{
    /// <summary>BODY_25B keypoint names (the reference's layout).</summary>
    public static IReadOnlyList<string> JointNames => SkeletonCatalog.Body25B.KeypointNames;

    private readonly Dictionary<(int Camera, int Joint), List<double>> _errors = [];

    /// <summary>Frames where the athlete was in the reference but we found nobody matching.</summary>
    public int Missed { get; private set; }

    /// <summary>Joints (BODY_25B index, our index) both layouts have, through the Core name mapping.</summary>
    public static IEnumerable<(int Body25b, int Ours)> Shared(SkeletonDefinition skeleton)
    {
        var mapping = new SkeletonMapping(skeleton, SkeletonCatalog.Body25B);
        for (int j = 0; j < mapping.SourceIndex.Count; j++)
        {
            if (mapping.SourceIndex[j] >= 0)
                yield return (j, mapping.SourceIndex[j]);
        }
    }

    /// <summary>Adds camera <paramref name="camera"/>'s frame: our person closest to the reference athlete.</summary>
    public void Add(int camera, CameraPoses poses, float[]? reference)
    {
        if (reference is null)
            return;
        int best = -1;
        double bestMedian = double.MaxValue;
        for (int p = 0; p < poses.Count; p++)
        {
            double m = Median(Distances(poses.Keypoints(p), poses.Skeleton, reference).Select(d => d.Distance).ToList());
            if (m < bestMedian)
            {
                bestMedian = m;
                best = p;
            }
        }
        if (best < 0)
        {
            Missed++;
            return;
        }
        foreach ((int joint, double d) in Distances(poses.Keypoints(best), poses.Skeleton, reference))
        {
            if (!_errors.TryGetValue((camera, joint), out List<double>? list))
                _errors[(camera, joint)] = list = [];
            list.Add(d);
        }
    }

    /// <summary>All distances pooled.</summary>
    public List<double> All() => [.. _errors.Values.SelectMany(v => v)];

    /// <summary>Distances of one camera (all joints) or one joint (all cameras).</summary>
    public List<double> Where(int? camera = null, int? joint = null) =>
        [.. _errors.Where(kv => (camera is null || kv.Key.Camera == camera) && (joint is null || kv.Key.Joint == joint)).SelectMany(kv => kv.Value)];

    /// <summary>A table of median / p90 px per joint (rows) and camera (columns).</summary>
    public string Report()
    {
        int[] cameras = [.. _errors.Keys.Select(k => k.Camera).Distinct().Order()];
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{"joint",-10}");
        foreach (int c in cameras)
            sb.Append(CultureInfo.InvariantCulture, $" cam{c:00} med/p90");
        sb.AppendLine("   all med/p90");
        for (int j = 0; j < JointNames.Count; j++)
        {
            if (!_errors.Keys.Any(k => k.Joint == j))
                continue;
            sb.Append(CultureInfo.InvariantCulture, $"{JointNames[j],-10}");
            foreach (int c in cameras)
                sb.Append(Cell(Where(c, j)));
            sb.AppendLine(Cell(Where(joint: j)));
        }
        sb.Append(CultureInfo.InvariantCulture, $"{"all",-10}");
        foreach (int c in cameras)
            sb.Append(Cell(Where(c)));
        sb.AppendLine(Cell(All()));
        sb.Append(CultureInfo.InvariantCulture, $"missed athlete in {Missed} camera frames");
        return sb.ToString();
    }

    public static double Median(List<double> v) => Percentile(v, 0.5);

    /// <summary>Linear-interpolated percentile (numpy's default).</summary>
    public static double Percentile(List<double> v, double q)
    {
        if (v.Count == 0)
            return double.NaN;
        List<double> s = [.. v.Order()];
        double pos = q * (s.Count - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, s.Count - 1);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    private static string Cell(List<double> v) =>
        string.Create(CultureInfo.InvariantCulture, $" {Median(v),6:F1}/{Percentile(v, 0.9),5:F1}");

    private static IEnumerable<(int Joint, double Distance)> Distances(ReadOnlySpan<Keypoint> ours, SkeletonDefinition skeleton, float[] reference)
    {
        var result = new List<(int, double)>();
        foreach ((int b, int o) in Shared(skeleton))
        {
            // 0.3: below it the reference itself is not trusted (the reference triangulation drops it too).
            if (reference[b * 3 + 2] < 0.3f)
                continue;
            double dx = ours[o].X - reference[b * 3], dy = ours[o].Y - reference[b * 3 + 1];
            result.Add((b, Math.Sqrt(dx * dx + dy * dy)));
        }
        return result;
    }
}
