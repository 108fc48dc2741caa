namespace Broadcast3D.Tracking.Triangulation;

/// <summary>
/// Something that solves a whole <see cref="TriangulationBatch"/>: the plain C# <see cref="Triangulator"/> or the
/// ILGPU kernel host (<c>Accelerators.IlgpuTriangulator</c>). Both run <see cref="PointTriangulation"/>, so they
/// agree to rounding. Thread-safety is the implementation's (see each). Dispose releases device memory (the
/// reference holds none).
/// </summary>
public interface IBatchTriangulator : IDisposable
{
    /// <summary>Where it runs, for logs and summaries (e.g. "reference (plain C#), double precision").</summary>
    string Description { get; }

    /// <summary>Solves every point of <paramref name="batch"/> and writes its outputs.</summary>
    /// <param name="batch">Observations in, results out (layout in <see cref="TriangulationBatch"/>).</param>
    /// <param name="projections">12 doubles per camera, P = K·[R | t] row-major.</param>
    /// <exception cref="ArgumentException">Too few projection values, or a batch the implementation cannot hold.</exception>
    void Solve(TriangulationBatch batch, ReadOnlySpan<double> projections);
}
