using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Renderer.Views;

/// <summary>
/// A virtual camera for replays that circles a point of the (Z-up) world: position on a horizontal circle of
/// <see cref="RadiusMetres"/> around <see cref="Centre"/>, <see cref="HeightMetres"/> above it, looking at it,
/// no lens distortion. Immutable and thread-safe.
/// </summary>
/// <param name="Centre">Point looked at, metres (world, Z up).</param>
/// <param name="RadiusMetres">Horizontal distance from the centre.</param>
/// <param name="HeightMetres">Camera height above the centre.</param>
/// <param name="Width">Picture width, pixels.</param>
/// <param name="Height">Picture height, pixels.</param>
/// <param name="HorizontalFieldOfViewDegrees">Horizontal field of view.</param>
/// <param name="FloorBelowCentreMetres">How far below the centre the floor is (for a floor grid).</param>
public sealed record OrbitCamera(Vector3d Centre, double RadiusMetres, double HeightMetres, int Width, int Height,
    double HorizontalFieldOfViewDegrees, double FloorBelowCentreMetres)
{
    /// <summary>
    /// The replay camera for a person: centred on the mean of their valid points (metres, Z up, marker-major
    /// x, y, z over all frames), 4 m away and 1 m above, 1280×720, 50° wide (a 1.7 m athlete fills ~80 % of the
    /// height), floor at the lowest point seen. Throws <see cref="ArgumentException"/> when no point is valid.
    /// </summary>
    public static OrbitCamera Around(ReadOnlySpan<double> world)
    {
        double x = 0, y = 0, z = 0, lowest = double.PositiveInfinity;
        int n = 0;
        for (int i = 0; i + 2 < world.Length; i += 3)
        {
            if (!double.IsFinite(world[i]) || !double.IsFinite(world[i + 1]) || !double.IsFinite(world[i + 2]))
                continue;
            x += world[i];
            y += world[i + 1];
            z += world[i + 2];
            lowest = Math.Min(lowest, world[i + 2]);
            n++;
        }
        if (n == 0)
            throw new ArgumentException("no valid 3D point to centre the orbit on", nameof(world));
        var centre = new Vector3d(x / n, y / n, z / n);
        return new OrbitCamera(centre, 4.0, 1.0, 1280, 720, 50.0, centre.Z - lowest);
    }

    /// <summary>
    /// The camera at <paramref name="angleRadians"/> around the circle (0 = on the +X side of the centre,
    /// counter-clockwise seen from above).
    /// </summary>
    public Camera At(double angleRadians)
    {
        var eye = new Vector3d(
            Centre.X + (RadiusMetres * Math.Cos(angleRadians)),
            Centre.Y + (RadiusMetres * Math.Sin(angleRadians)),
            Centre.Z + HeightMetres);
        Vector3d forward = Normalise(Centre - eye);
        // OpenCV camera axes: x right, y down, z forward; with Z up in the world, right = forward × up.
        Vector3d right = Normalise(Cross(forward, new Vector3d(0, 0, 1)));
        Vector3d down = Cross(forward, right);
        var rotation = new Matrix3d(right.X, right.Y, right.Z, down.X, down.Y, down.Z, forward.X, forward.Y, forward.Z);
        Vector3d t = -(rotation * eye);
        double f = Width / 2.0 / Math.Tan(HorizontalFieldOfViewDegrees * Math.PI / 360.0);
        var k = new Matrix3d(f, 0, Width / 2.0, 0, f, Height / 2.0, 0, 0, 1);
        return new Camera("orbit", Width, Height, k, LensDistortion.None, Rodrigues.FromMatrix(rotation), t);
    }

    /// <summary>
    /// The orbit's angle at frame <paramref name="frame"/> of <paramref name="frames"/>: one full turn over the
    /// replay, starting at <paramref name="startRadians"/>.
    /// </summary>
    public static double AngleAt(long frame, long frames, double startRadians) => startRadians + (2 * Math.PI * frame / Math.Max(1, frames));

    private static Vector3d Cross(Vector3d a, Vector3d b) =>
        new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));

    private static Vector3d Normalise(Vector3d v) => (1 / v.Length) * v;
}
