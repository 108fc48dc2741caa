using ILGPU;

namespace Broadcast3D.Tracking.Accelerators;

/// <summary>The kernel host's <see cref="IReadOnlyElements{T}"/>: an ILGPU array view (device memory).</summary>
/// <param name="view">The view; valid while its buffer lives.</param>
public readonly struct ReadOnlyViewElements<T>(ArrayView<T> view) : IReadOnlyElements<T>
    where T : unmanaged
{
    private readonly ArrayView<T> _view = view;

    /// <inheritdoc />
    public T this[int index] => _view[index];
}
