using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Calibration.Check;

/// <summary>
/// Checks a calibration against a trial: triangulates the trial's 2D keypoints (Pose2Sim's algorithm, which leaves
/// out a camera that disagrees) and measures each camera's reprojection error. A camera whose median error is more
/// than <see cref="DriftFactor"/> times the median over all cameras of their median errors (robust to the one
/// camera that moved, from three cameras on) and above <see cref="DriftFloorPixels"/> is flagged as drifted: it has moved (or been bumped, or zoomed) since the calibration. Stateless, thread-safe.
/// </summary>
public static class CalibrationCheck
{
    /// <summary>How many times the cameras' typical (median) error a drifted camera's must exceed.</summary>
    public const double DriftFactor = 2.0;

    /// <summary>Median errors below this are never called drift, pixels (2D keypoints are noisy by a few pixels).</summary>
    public const double DriftFloorPixels = 10.0;

    /// <summary>One result per camera, in calibration order.</summary>
    /// <exception cref="InputFormatException">The 2D folder does not match the calibration or is malformed.</exception>
    public static IReadOnlyList<CameraCheck> Run(CameraRig calibration, string pose2dDirectory, double frameRate = 60)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        var options = new TrialTriangulationOptions { FrameRate = frameRate, MaxGapFrames = 0 };
        TrcData trc = TrialTriangulation.Run(calibration, pose2dDirectory, options).Trc;
        double[] world = trc.ToWorldZUp();
        IReadOnlyList<int> ids = Pose2SimMarkers.Body25BIndices;
        TriangulationBatch batch = OpenPoseJson.ReadBatch(pose2dDirectory, calibration.Count, ids, options.Person);
        double threshold = options.Triangulation.LikelihoodThreshold;
        var errors = new List<double>[calibration.Count];
        for (int c = 0; c < calibration.Count; c++)
        {
            errors[c] = [];
        }

        for (int f = 0; f < batch.Frames; f++)
        {
            for (int k = 0; k < ids.Count; k++)
            {
                int i = ((f * trc.MarkerCount) + k) * 3;
                var x = new Vector3d(world[i], world[i + 1], world[i + 2]);
                if (!double.IsFinite(x.Length))
                {
                    continue;
                }

                for (int c = 0; c < calibration.Count; c++)
                {
                    int o = batch.ObservationIndex(f, 0, k, c);
                    if (!(batch.Observations[o + 2] >= threshold) || calibration.Cameras[c].WorldToCamera(x).Z <= 0)
                    {
                        continue;
                    }

                    (double u, double v) = calibration.Cameras[c].Project(x);
                    errors[c].Add(Math.Sqrt(((u - batch.Observations[o]) * (u - batch.Observations[o])) + ((v - batch.Observations[o + 1]) * (v - batch.Observations[o + 1]))));
                }
            }
        }

        double[] medians = [.. errors.Select(e => e.Count > 0 ? Median(e) : double.NaN)];
        var result = new CameraCheck[calibration.Count];
        double typical = Median([.. medians.Where(double.IsFinite)]);
        for (int c = 0; c < calibration.Count; c++)
        {
            bool drifted = double.IsFinite(medians[c]) && medians[c] > DriftFloorPixels && medians[c] > DriftFactor * typical;
            result[c] = new CameraCheck(calibration.Cameras[c].Name, errors[c].Count, medians[c], errors[c].Count > 0 ? errors[c].Average() : double.NaN, drifted);
        }

        return result;
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : 0.5 * (values[(n / 2) - 1] + values[n / 2]);
    }
}
