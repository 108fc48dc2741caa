using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Filtering;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Tracking.Triangulation;

/// <summary>
/// Offline triangulation of a recorded trial, step for step as Pose2Sim's <c>triangulate_all</c>: read the
/// OpenPose folders, triangulate every frame and marker (<see cref="Triangulator"/>, or the ILGPU kernel when
/// <see cref="TrialTriangulationOptions.Accelerator"/> says so), fill gaps per coordinate
/// (<see cref="CubicSplineGapFiller"/>), optionally filter (<see cref="ButterworthFilter"/>), and convert to
/// Y-up TRC. Stateless and thread-safe.
/// </summary>
public static class TrialTriangulation
{
    /// <summary>Triangulates the 2D folders under <paramref name="pose2dDirectory"/>.</summary>
    /// <exception cref="InputFormatException">Bad 2D input (see <see cref="OpenPoseJson.ReadBatch"/>).</exception>
    /// <exception cref="ArgumentException">A marker name the skeleton does not have.</exception>
    public static TrialTriangulationResult Run(CameraRig calibration, string pose2dDirectory, TrialTriangulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(options);
        var ids = new int[options.Markers.Count];
        for (int m = 0; m < ids.Length; m++)
        {
            ids[m] = options.Skeleton.Require(options.Markers[m]);
        }

        TriangulationBatch batch = OpenPoseJson.ReadBatch(pose2dDirectory, calibration.Count, ids, options.Person);
        var projections = new double[12 * calibration.Count];
        calibration.CopyProjectionMatrices(projections);
        using (IBatchTriangulator triangulator = TrackingAccelerators.CreateTriangulator(
                   options.Accelerator, options.Triangulation, batch.PointCount, batch.Cameras))
        {
            triangulator.Solve(batch, projections);
        }

        return Finish(calibration, batch, options);
    }

    /// <summary>Gap filling, filtering and TRC conversion of an already solved one-person batch.</summary>
    /// <exception cref="ArgumentException">The batch holds more than one person, or not one keypoint per marker.</exception>
    public static TrialTriangulationResult Finish(CameraRig calibration, TriangulationBatch batch, TrialTriangulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(options);
        if (batch.People != 1 || batch.Keypoints != options.Markers.Count)
        {
            throw new ArgumentException(
                $"A trial batch holds one person and {options.Markers.Count} markers; got {batch.People} people and {batch.Keypoints} keypoints.", nameof(batch));
        }

        int frames = batch.Frames, markers = batch.Keypoints;
        double[] world = (double[])batch.Points.Clone();
        var column = new double[frames];
        for (int m = 0; m < markers; m++)
        {
            for (int axis = 0; axis < 3; axis++)
            {
                for (int f = 0; f < frames; f++)
                {
                    column[f] = world[(((f * markers) + m) * 3) + axis];
                }

                if (options.MaxGapFrames > 0)
                {
                    CubicSplineGapFiller.Fill(column, options.MaxGapFrames);
                }

                options.Filter?.FilterRuns(column);
                for (int f = 0; f < frames; f++)
                {
                    world[(((f * markers) + m) * 3) + axis] = column[f];
                }
            }
        }

        TrcData trc = TrcData.FromWorldZUp(options.Markers, world, frames, options.FrameRate);
        Core.Cameras.Camera first = calibration.Cameras[0];
        double pixelsToMetres = first.TranslationMetres.Length / first.Intrinsics.M00;
        return new TrialTriangulationResult(
            trc, (double[])batch.ReprojectionErrors.Clone(), (int[])batch.ExcludedCounts.Clone(), (ulong[])batch.ExcludedMasks.Clone(),
            pixelsToMetres, calibration.Count);
    }
}
