using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Frames;
using Broadcast3D.Tracking.Masks;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Engine.Meshes;

/// <summary>
/// Finds a 3D person's mask in each camera (issue #18): the 2D person whose box, grown by a tenth, holds the most
/// of the skeleton's projected markers, taken when it holds at least half of them. Shared by <c>b3d mesh</c>, the
/// demo's orbit replay and the virtual-camera replay so all three match people alike. Stateless; thread-safe.
/// </summary>
public static class MeshMasks
{
    // A 2D person is taken for the 3D one when its box (grown by a tenth) holds at least half of the projected markers.
    private const double MatchShare = 0.5;

    /// <summary>
    /// Per rig camera, the mask of the 2D person matching <paramref name="skeleton"/> (world points, metres, x, y, z
    /// per marker, NaN where missing); null where none matches or the pose model gave no mask. Sets
    /// <paramref name="partlyOutside"/>[c] when a projected marker falls outside camera c's picture while a mask was
    /// found there (the person is carved where that camera sees them).
    /// </summary>
    /// <param name="rig">The calibrated cameras, in the order of <paramref name="poses"/> and <paramref name="frames"/>.</param>
    /// <param name="skeleton">The 3D person.</param>
    /// <param name="poses">The 2D people of each camera (their masks are the pose pipeline's: valid until its next frame set).</param>
    /// <param name="frames">The pictures, for their sizes.</param>
    /// <param name="partlyOutside">One flag per camera, written.</param>
    /// <exception cref="ArgumentException">The counts of cameras, poses, pictures and flags disagree.</exception>
    public static PersonMask?[] Match(CameraRig rig, ReadOnlySpan<double> skeleton, IReadOnlyList<CameraPoses> poses, ReadOnlySpan<ImagePlanes> frames,
        Span<bool> partlyOutside)
    {
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentNullException.ThrowIfNull(poses);
        if (poses.Count != rig.Count || frames.Length != rig.Count || partlyOutside.Length != rig.Count)
        {
            throw new ArgumentException($"{rig.Count} cameras, {poses.Count} 2D results, {frames.Length} pictures, {partlyOutside.Length} flags: " +
                                        "give one of each per calibrated camera");
        }
        var masks = new PersonMask?[rig.Count];
        var projected = new List<(double X, double Y)>(skeleton.Length / 3);
        for (int c = 0; c < rig.Count; c++)
        {
            Camera camera = rig.Cameras[c];
            projected.Clear();
            bool outside = false;
            for (int m = 0; m + 2 < skeleton.Length; m += 3)
            {
                var world = new Vector3d(skeleton[m], skeleton[m + 1], skeleton[m + 2]);
                if (!double.IsFinite(world.Length) || camera.WorldToCamera(world).Z <= 0)
                    continue;
                (double u, double v) = camera.Project(world);
                projected.Add((u, v));
                outside |= u < 0 || v < 0 || u > frames[c].Width - 1 || v > frames[c].Height - 1;
            }
            CameraPoses people = poses[c];
            int best = -1, bestCount = 0;
            for (int p = 0; p < people.Count; p++)
            {
                PersonBox b = people.Box(p);
                float gx = b.Width / 10, gy = b.Height / 10;
                int count = 0;
                foreach ((double x, double y) in projected)
                    count += x >= b.X1 - gx && x <= b.X2 + gx && y >= b.Y1 - gy && y <= b.Y2 + gy ? 1 : 0;
                if (count > bestCount)
                {
                    best = p;
                    bestCount = count;
                }
            }
            if (best >= 0 && bestCount >= MatchShare * projected.Count)
                masks[c] = people.Mask(best);
            partlyOutside[c] = outside && masks[c] is not null;
        }
        return masks;
    }
}
