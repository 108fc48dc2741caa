using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Tracking.Triangulation;

/// <summary>
/// What an offline trial triangulation produced: the TRC content (Y-up metres), and per frame × marker the
/// reprojection error (pixels, NaN where triangulation failed — gap-filled values have no error) and the
/// cameras not used. Summaries follow Pose2Sim's <c>recap_triangulate</c>. Immutable after creation.
/// </summary>
public sealed class TrialTriangulationResult
{
    internal TrialTriangulationResult(TrcData trc, double[] errors, int[] excludedCounts, ulong[] excludedMasks, double pixelsToMetres, int cameraCount)
    {
        Trc = trc;
        ErrorsPixels = errors;
        ExcludedCounts = excludedCounts;
        ExcludedMasks = excludedMasks;
        PixelsToMetres = pixelsToMetres;
        CameraCount = cameraCount;
    }

    /// <summary>The 3D markers, TRC axes (Y-up), metres.</summary>
    public TrcData Trc { get; }

    /// <summary>Reprojection error per frame × marker (index f·markers + m), pixels; NaN where failed.</summary>
    public IReadOnlyList<double> ErrorsPixels { get; }

    /// <summary>Cameras not used per frame × marker.</summary>
    public IReadOnlyList<int> ExcludedCounts { get; }

    /// <summary>Bit mask of cameras not used per frame × marker.</summary>
    public IReadOnlyList<ulong> ExcludedMasks { get; }

    /// <summary>
    /// Pose2Sim's rough pixel → metre factor: distance of the first camera from the world origin (|t|) over its
    /// focal length in pixels.
    /// </summary>
    public double PixelsToMetres { get; }

    /// <summary>Cameras in the calibration.</summary>
    public int CameraCount { get; }

    /// <summary>Mean reprojection error of marker <paramref name="marker"/> over frames where it succeeded, pixels.</summary>
    public double MeanErrorPixels(int marker) => MeanOverFrames(marker, (f, m) => ErrorsPixels[(f * Trc.MarkerCount) + m]);

    /// <summary>Mean number of cameras excluded for marker <paramref name="marker"/>.</summary>
    public double MeanExcludedCameras(int marker) => MeanOverFrames(marker, (f, m) => ExcludedCounts[(f * Trc.MarkerCount) + m]);

    /// <summary>
    /// Pose2Sim's overall figure: per frame the mean error over markers that succeeded, then the mean over frames.
    /// </summary>
    public double GrandMeanErrorPixels()
    {
        double sum = 0;
        int frames = 0;
        for (int f = 0; f < Trc.FrameCount; f++)
        {
            double frameSum = 0;
            int count = 0;
            for (int m = 0; m < Trc.MarkerCount; m++)
            {
                double e = ErrorsPixels[(f * Trc.MarkerCount) + m];
                if (!double.IsNaN(e))
                {
                    frameSum += e;
                    count++;
                }
            }

            if (count > 0)
            {
                sum += frameSum / count;
                frames++;
            }
        }

        return frames > 0 ? sum / frames : double.NaN;
    }

    /// <summary>Share of points (frames × markers) for which camera <paramref name="camera"/> was not used.</summary>
    public double CameraExcludedShare(int camera)
    {
        int excluded = 0;
        foreach (ulong mask in ExcludedMasks)
        {
            excluded += (int)((mask >> camera) & 1UL);
        }

        return ExcludedMasks.Count == 0 ? 0 : (double)excluded / ExcludedMasks.Count;
    }

    private double MeanOverFrames(int marker, Func<int, int, double> value)
    {
        double sum = 0;
        int count = 0;
        for (int f = 0; f < Trc.FrameCount; f++)
        {
            double v = value(f, marker);
            if (!double.IsNaN(v))
            {
                sum += v;
                count++;
            }
        }

        return count > 0 ? sum / count : double.NaN;
    }
}
