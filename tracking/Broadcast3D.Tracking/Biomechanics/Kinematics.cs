using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Filtering;

namespace Broadcast3D.Tracking.Biomechanics;

/// <summary>
/// Linear kinematics of point trajectories (metres): zero-phase Butterworth smoothing (order 4, 6 Hz, Pose2Sim's
/// settings, applied per coordinate on each run of valid samples; skipped when the rate is 12 Hz or less), then
/// central differences: v[f] = (x[f+1] − x[f−1]) / 2Δt and a[f] = (x[f+1] − 2x[f] + x[f−1]) / Δt². The first and last
/// frame and any frame next to a missing sample are NaN. Stateless and thread-safe.
/// </summary>
public static class Kinematics
{
    /// <summary>Cut-off of the smoothing filter, Hz.</summary>
    public const double CutoffHz = 6.0;

    /// <summary>Smoothed copy of <paramref name="track"/>.</summary>
    public static Vector3d[] Smooth(IReadOnlyList<Vector3d> track, double rate)
    {
        ArgumentNullException.ThrowIfNull(track);
        if (rate <= 2 * CutoffHz)
        {
            return [.. track];
        }

        ButterworthFilter filter = ButterworthFilter.FromPose2SimSettings(4, CutoffHz, rate);
        var axes = new double[3][];
        for (int a = 0; a < 3; a++)
        {
            axes[a] = [.. track.Select(p => a == 0 ? p.X : a == 1 ? p.Y : p.Z)];
            filter.FilterRuns(axes[a]);
        }

        return [.. Enumerable.Range(0, track.Count).Select(f => new Vector3d(axes[0][f], axes[1][f], axes[2][f]))];
    }

    /// <summary>Velocity (m/s) by central differences; NaN at the ends and beside gaps.</summary>
    public static Vector3d[] Velocity(IReadOnlyList<Vector3d> x, double rate)
    {
        ArgumentNullException.ThrowIfNull(x);
        var v = new Vector3d[x.Count];
        for (int f = 0; f < x.Count; f++)
        {
            v[f] = f == 0 || f == x.Count - 1 ? Nan : (rate / 2) * (x[f + 1] - x[f - 1]);
        }

        return v;
    }

    /// <summary>Acceleration (m/s²) by second central differences; NaN at the ends and beside gaps.</summary>
    public static Vector3d[] Acceleration(IReadOnlyList<Vector3d> x, double rate)
    {
        ArgumentNullException.ThrowIfNull(x);
        var a = new Vector3d[x.Count];
        for (int f = 0; f < x.Count; f++)
        {
            a[f] = f == 0 || f == x.Count - 1 ? Nan : (rate * rate) * (x[f + 1] - (2 * x[f]) + x[f - 1]);
        }

        return a;
    }

    /// <summary>Whole-body centre of mass per frame (metres) from <see cref="SegmentParameters.DeLeva1996Male"/>; NaN when any segment marker is missing.</summary>
    public static Vector3d[] CentreOfMass(MarkerSet markers, int frames)
    {
        ArgumentNullException.ThrowIfNull(markers);
        var com = new Vector3d[frames];
        for (int f = 0; f < frames; f++)
        {
            Vector3d sum = default;
            double mass = 0;
            foreach ((_, string proximal, string distal, double fraction, double at) in SegmentParameters.DeLeva1996Male)
            {
                Vector3d p = Point(markers, proximal, f), d = Point(markers, distal, f);
                sum += fraction * (p + (at * (d - p)));
                mass += fraction;
            }

            com[f] = (1 / mass) * sum;
        }

        return com;
    }

    private static Vector3d Point(MarkerSet markers, string name, int f) =>
        name == "MidHip" ? 0.5 * (markers.Get("RHip", f) + markers.Get("LHip", f)) : markers.Get(name, f);

    private static Vector3d Nan => new(double.NaN, double.NaN, double.NaN);
}
