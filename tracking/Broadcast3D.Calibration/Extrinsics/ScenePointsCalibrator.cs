using System.Globalization;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Calibration.Extrinsics;

/// <summary>
/// Extrinsic calibration from six or more scene points with known coordinates seen by each camera: per camera,
/// distortion removed from the pixels, SQPnP then Levenberg–Marquardt on the reprojection error. The world is the
/// points' frame and unit (metres). The points are known, so the cameras do not constrain each other and a joint
/// refinement would change nothing. Stateless, thread-safe.
/// </summary>
public static class ScenePointsCalibrator
{
    /// <summary>Fewest points per camera: a pose has 6 unknowns and a few more tell a mislabelled point.</summary>
    public const int MinPoints = 6;

    /// <summary>Poses every camera of <paramref name="intrinsics"/> on <paramref name="points"/>.</summary>
    /// <param name="intrinsics">K and distortion per camera (poses ignored).</param>
    /// <param name="points">World points and each camera's pixels, by camera name.</param>
    /// <param name="source">The points file, named in errors.</param>
    /// <returns>The posed cameras and the RMS reprojection error per camera, pixels (with distortion).</returns>
    /// <exception cref="InputFormatException">A camera without points, with fewer than <see cref="MinPoints"/>, or with
    /// collinear points, or a points camera the intrinsics lack; nothing is posed.</exception>
    public static (CameraRig Rig, IReadOnlyList<double> RmsPixels) Calibrate(CameraRig intrinsics, ScenePoints points, string source)
    {
        ArgumentNullException.ThrowIfNull(intrinsics);
        ArgumentNullException.ThrowIfNull(points);
        foreach (string name in points.Cameras.Keys)
        {
            if (intrinsics.Cameras.All(c => c.Name != name))
            {
                throw new InputFormatException(source, $"[{name}]: no such camera in the intrinsics ({string.Join(", ", intrinsics.Cameras.Select(c => c.Name))}); name the tables as the calibration does");
            }
        }

        var cameras = new Camera[intrinsics.Count];
        var rms = new double[intrinsics.Count];
        for (int c = 0; c < intrinsics.Count; c++)
        {
            Camera camera = intrinsics.Cameras[c];
            if (!points.Cameras.TryGetValue(camera.Name, out IReadOnlyDictionary<string, (double U, double V)>? seen))
            {
                throw new InputFormatException(source, $"{camera.Name}: no [{camera.Name}] table; give the pixels of at least {MinPoints} points as this camera sees them");
            }

            if (seen.Count < MinPoints)
            {
                throw new InputFormatException(source, $"{camera.Name}: {seen.Count} point(s), at least {MinPoints} needed; mark more known points in this camera's picture, spread over the volume");
            }

            Vector3d[] world = [.. seen.Keys.Select(n => points.World[n])];
            if (Pnp.Collinear(world))
            {
                throw new InputFormatException(source, $"{camera.Name}: the {seen.Count} points lie on one line, which fixes no pose about it; add points off that line (e.g. the other side of the field)");
            }

            (double U, double V)[] pixels = [.. seen.Values.Select(p => camera.Distortion.IsZero ? p : camera.Undistort(p.U, p.V))];
            (Matrix3d r, Vector3d t) = Pnp.Solve(camera.Intrinsics, world, pixels);
            cameras[c] = new Camera(camera.Name, camera.ImageWidth, camera.ImageHeight, camera.Intrinsics, camera.Distortion, Rodrigues.FromMatrix(r), t);
            rms[c] = Rms(cameras[c], world, [.. seen.Values]);
            if (world.Any(p => cameras[c].WorldToCamera(p).Z <= 0))
            {
                throw new InputFormatException(source, string.Create(CultureInfo.InvariantCulture,
                    $"{camera.Name}: no pose puts every point in front of the camera (RMS {rms[c]:F1} px); check the points' names and coordinates"));
            }
        }

        return (new CameraRig(cameras, adjusted: true, errorPixels: rms.Max()), rms);
    }

    /// <summary>RMS distance between the observed pixels and the points projected with distortion, pixels.</summary>
    internal static double Rms(Camera camera, IReadOnlyList<Vector3d> world, IReadOnlyList<(double U, double V)> pixels)
    {
        double sum = 0;
        for (int i = 0; i < world.Count; i++)
        {
            (double u, double v) = camera.Project(world[i]);
            sum += ((u - pixels[i].U) * (u - pixels[i].U)) + ((v - pixels[i].V) * (v - pixels[i].V));
        }

        return Math.Sqrt(sum / world.Count);
    }
}
