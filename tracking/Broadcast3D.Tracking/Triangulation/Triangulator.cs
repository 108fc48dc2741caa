using Broadcast3D.Tracking.Accelerators;

namespace Broadcast3D.Tracking.Triangulation;

/// <summary>
/// The reference host of Pose2Sim's robust triangulation: plain C# on the calling thread, point after point
/// through <see cref="PointTriangulation"/> (the same maths the ILGPU kernel runs).
/// Allocation-free per point; holds no mutable state, so one instance may solve disjoint ranges on several threads.
/// </summary>
public sealed class Triangulator : IBatchTriangulator
{
    private readonly TriangulationSettings _settings;
    private readonly TriangulationParameters<double> _parameters;

    /// <summary>Creates a triangulator.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Invalid settings.</exception>
    public Triangulator(TriangulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _parameters = TriangulationParameters<double>.From(settings);
        _settings = settings;
    }

    /// <summary>The settings in use.</summary>
    public TriangulationSettings Settings => _settings;

    /// <inheritdoc />
    public string Description => "reference (plain C#), double precision";

    /// <summary>Solves every point of <paramref name="batch"/>.</summary>
    /// <param name="batch">Observations in, results out (layout in <see cref="TriangulationBatch"/>).</param>
    /// <param name="projections">12 doubles per camera, P = K·[R | t] row-major.</param>
    /// <exception cref="ArgumentException">Too few projection values for the batch's cameras.</exception>
    public void Solve(TriangulationBatch batch, ReadOnlySpan<double> projections) => Solve(batch, projections, 0, batch?.Frames ?? 0);

    /// <summary>Solves frames [<paramref name="firstFrame"/>, +<paramref name="frameCount"/>) of <paramref name="batch"/>.</summary>
    /// <exception cref="ArgumentException">Too few projection values, or a frame range outside the batch.</exception>
    public void Solve(TriangulationBatch batch, ReadOnlySpan<double> projections, int firstFrame, int frameCount)
    {
        ArgumentNullException.ThrowIfNull(batch);
        CheckProjections(projections, batch.Cameras);
        if (firstFrame < 0 || frameCount < 0 || firstFrame + frameCount > batch.Frames)
        {
            throw new ArgumentException($"Frames {firstFrame}..{firstFrame + frameCount} are outside the batch's {batch.Frames}.", nameof(firstFrame));
        }

        int pointsPerFrame = batch.People * batch.Keypoints;
        int stride = batch.Cameras * 3;
        ReadOnlySpan<double> observations = batch.Observations;
        for (int point = firstFrame * pointsPerFrame, end = (firstFrame + frameCount) * pointsPerFrame; point < end; point++)
        {
            PointSolution<double> s = SolvePoint(observations.Slice(point * stride, stride), projections, batch.Cameras);
            batch.Points[(point * 3) + 0] = s.X;
            batch.Points[(point * 3) + 1] = s.Y;
            batch.Points[(point * 3) + 2] = s.Z;
            batch.ReprojectionErrors[point] = s.ErrorPixels;
            batch.ExcludedCounts[point] = s.ExcludedCount;
            batch.ExcludedMasks[point] = s.ExcludedMask;
        }
    }

    /// <summary>Solves one keypoint from <paramref name="cameraCount"/> observations (x, y, likelihood each).</summary>
    /// <exception cref="ArgumentException">Spans too short, or more than 64 cameras.</exception>
    public PointSolution<double> SolvePoint(ReadOnlySpan<double> observations, ReadOnlySpan<double> projections, int cameraCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cameraCount, TriangulationBatch.MaxCameras);
        ArgumentOutOfRangeException.ThrowIfLessThan(observations.Length, cameraCount * 3, nameof(observations));
        CheckProjections(projections, cameraCount);
        var scratch = new DoubleSpanElements(stackalloc double[WeightedDlt.ScratchLength]);
        var combination = new Int32SpanElements(stackalloc int[cameraCount]);
        return PointTriangulation.Solve(
            new ReadOnlyDoubleSpanElements(observations), 0, new ReadOnlyDoubleSpanElements(projections), cameraCount, _parameters, ref scratch, ref combination);
    }

    private static void CheckProjections(ReadOnlySpan<double> projections, int cameras)
    {
        if (projections.Length < cameras * 12)
        {
            throw new ArgumentException(
                $"{cameras} cameras need {cameras * 12} projection values (3×4 per camera), got {projections.Length}.", nameof(projections));
        }
    }

    /// <summary>Nothing to release: the reference holds no device memory (the method exists for <see cref="IBatchTriangulator"/>).</summary>
    public void Dispose()
    {
    }
}
