using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Tracking.Biomechanics;

/// <summary>
/// Forward-kinematics reconstruction error of a BVH against the TRC it was fitted to: for every joint named like a
/// TRC marker and every frame where that marker is present, the distance between the joint's FK position and the
/// marker (TRC units). Stateless and thread-safe.
/// </summary>
public static class BvhReconstruction
{
    /// <summary>All distances (unordered), in the TRC's units.</summary>
    /// <exception cref="ArgumentException">Frame counts differ.</exception>
    public static double[] Errors(BvhData bvh, TrcData trc)
    {
        ArgumentNullException.ThrowIfNull(bvh);
        ArgumentNullException.ThrowIfNull(trc);
        if (bvh.FrameCount != trc.FrameCount)
        {
            throw new ArgumentException($"BVH has {bvh.FrameCount} frames, TRC {trc.FrameCount}.", nameof(bvh));
        }

        var pairs = new List<(int Joint, int Marker)>();
        for (int j = 0; j < bvh.Joints.Count; j++)
        {
            int m = BvhSkeletonFitter.IndexOf(trc, bvh.Joints[j].Name);
            if (m >= 0)
            {
                pairs.Add((j, m));
            }
        }

        var errors = new List<double>();
        for (int f = 0; f < bvh.FrameCount; f++)
        {
            Vector3d[] fk = bvh.ForwardKinematics(f);
            foreach ((int j, int m) in pairs)
            {
                var marker = new Vector3d(trc[f, m, 0], trc[f, m, 1], trc[f, m, 2]);
                if (BvhSkeletonFitter.Valid(marker))
                {
                    errors.Add((fk[j] - marker).Length);
                }
            }
        }

        return [.. errors];
    }

    /// <summary>The p-quantile (0…1) of <paramref name="values"/> by linear interpolation; NaN when empty.</summary>
    public static double Quantile(IReadOnlyList<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        double[] v = [.. values.Order()];
        double pos = p * (v.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, v.Length - 1);
        return v[lo] + ((pos - lo) * (v[hi] - v[lo]));
    }
}
