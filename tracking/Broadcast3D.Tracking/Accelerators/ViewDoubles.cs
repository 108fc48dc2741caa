using Broadcast3D.Tracking.Triangulation;
using ILGPU;

namespace Broadcast3D.Tracking.Accelerators;

/// <summary>The kernel host's <see cref="IReadOnlyDoubles"/>: an ILGPU array view (device memory).</summary>
/// <param name="view">The view; valid while its buffer lives.</param>
public readonly struct ViewDoubles(ArrayView<double> view) : IReadOnlyDoubles
{
    private readonly ArrayView<double> _view = view;

    /// <inheritdoc />
    public double this[int index] => _view[index];
}
