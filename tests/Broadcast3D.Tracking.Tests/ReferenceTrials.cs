using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Triangulation;
using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Tracking.Tests;

/// <summary>Shared access to the Pose2Sim demo trials and their reference results.</summary>
internal static class ReferenceTrials
{
    public static CameraRig Calibration() => CalibrationToml.Read(SharedAssets.CalibrationToml);

    public static string PoseAssociated(string trial) => Path.Combine(trial, "pose-associated");

    public static TrcData ReferenceTrc(string trial, string suffix)
    {
        string folder = Path.Combine(trial, "pose-3d");
        string[] matches = Directory.GetFiles(folder, "*" + suffix);
        Assert.That(matches, Has.Length.EqualTo(1), $"one *{suffix} in {folder}");
        return TrcFile.Read(matches[0]);
    }

    public static TrialTriangulationResult Triangulate(string trial, TrialTriangulationOptions? options = null) =>
        TrialTriangulation.Run(Calibration(), PoseAssociated(trial), options ?? new TrialTriangulationOptions());

    /// <summary>Largest |a − b| over all coordinates; NaN on one side only counts as infinite.</summary>
    public static double MaxAbsDifference(TrcData a, TrcData b, out int compared)
    {
        Assert.That(a.Coordinates, Has.Length.EqualTo(b.Coordinates.Length), "coordinate count");
        double max = 0;
        compared = 0;
        for (int i = 0; i < a.Coordinates.Length; i++)
        {
            double x = a.Coordinates[i], y = b.Coordinates[i];
            if (double.IsNaN(x) && double.IsNaN(y))
            {
                continue;
            }

            compared++;
            double d = Math.Abs(x - y);
            max = double.IsNaN(d) ? double.PositiveInfinity : Math.Max(max, d);
        }

        return max;
    }
}
