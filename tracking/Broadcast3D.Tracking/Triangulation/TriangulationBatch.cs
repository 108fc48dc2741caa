namespace Broadcast3D.Tracking.Triangulation;

/// <summary>
/// Flat input and output arrays of a triangulation over frames × people × keypoints × cameras. The layout is a
/// contract shared with the GPU triangulation kernel: keep it byte-for-byte.
/// <list type="bullet">
/// <item><see cref="Observations"/>: doubles, index <c>((((f·People + p)·Keypoints + k)·Cameras + c)·3 + e)</c>
/// with e = 0 → x (pixels, origin top-left, x right), 1 → y (pixels, down), 2 → likelihood c ∈ [0, 1]. A missing
/// observation is (NaN, NaN, 0) or any likelihood below the threshold.</item>
/// <item>Projection matrices (passed to <see cref="Triangulator"/>, not stored here): doubles, camera c's
/// P = K·[R | t] at <c>[12c, 12c + 12)</c>, 3×4 row-major (see <c>Calibration.CopyProjectionMatrices</c>).</item>
/// <item><see cref="Points"/>: doubles, index <c>((f·People + p)·Keypoints + k)·3 + axis</c>, world X, Y, Z in
/// metres (the calibration's world frame); NaN when no configuration met the threshold.</item>
/// <item><see cref="ReprojectionErrors"/>: doubles, index <c>(f·People + p)·Keypoints + k</c>, the mean pixel
/// distance over the cameras used; NaN when the point failed.</item>
/// <item><see cref="ExcludedCounts"/> (int) and <see cref="ExcludedMasks"/> (ulong, bit c = camera c; a GPU
/// reads it as two uints, low word first): the cameras not used for that point — below the likelihood threshold
/// or excluded by the search. For a failed point, those of the last configuration tried.</item>
/// </list>
/// The batch owns its arrays (allocated once, reused frame after frame). Not thread-safe; the triangulator may
/// fill disjoint frame ranges from several threads.
/// </summary>
public sealed class TriangulationBatch
{
    /// <summary>Most cameras a batch can hold: the excluded-camera mask is 64 bits.</summary>
    public const int MaxCameras = 64;

    /// <summary>Allocates a batch; every observation starts missing (NaN, NaN, 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension &lt; 1, or more than <see cref="MaxCameras"/> cameras.</exception>
    public TriangulationBatch(int frames, int people, int keypoints, int cameras)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(people, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(keypoints, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cameras, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cameras, MaxCameras);
        Frames = frames;
        People = people;
        Keypoints = keypoints;
        Cameras = cameras;
        int points = checked(frames * people * keypoints);
        Observations = new double[checked(points * cameras * 3)];
        for (int i = 0; i < Observations.Length; i += 3)
        {
            Observations[i] = double.NaN;
            Observations[i + 1] = double.NaN;
        }

        Points = new double[points * 3];
        ReprojectionErrors = new double[points];
        ExcludedCounts = new int[points];
        ExcludedMasks = new ulong[points];
    }

    /// <summary>Frames in the batch.</summary>
    public int Frames { get; }

    /// <summary>People per frame.</summary>
    public int People { get; }

    /// <summary>Keypoints per person.</summary>
    public int Keypoints { get; }

    /// <summary>Cameras per keypoint.</summary>
    public int Cameras { get; }

    /// <summary>Number of points (frames × people × keypoints).</summary>
    public int PointCount => Frames * People * Keypoints;

    /// <summary>Input: x, y, likelihood per camera (layout in the type's summary).</summary>
    public double[] Observations { get; }

    /// <summary>Output: X, Y, Z metres per point.</summary>
    public double[] Points { get; }

    /// <summary>Output: mean reprojection error per point, pixels.</summary>
    public double[] ReprojectionErrors { get; }

    /// <summary>Output: number of cameras not used per point.</summary>
    public int[] ExcludedCounts { get; }

    /// <summary>Output: bit mask of cameras not used per point.</summary>
    public ulong[] ExcludedMasks { get; }

    /// <summary>Index of point (f, p, k) in the per-point outputs (multiply by 3 for <see cref="Points"/>).</summary>
    public int PointIndex(int frame, int person, int keypoint) => (((frame * People) + person) * Keypoints) + keypoint;

    /// <summary>Index of the x value of observation (f, p, k, c) in <see cref="Observations"/>.</summary>
    public int ObservationIndex(int frame, int person, int keypoint, int camera) =>
        ((PointIndex(frame, person, keypoint) * Cameras) + camera) * 3;
}
