using Broadcast3D.Tracking.Triangulation;
using ILGPU;

namespace Broadcast3D.Tracking.Accelerators;

/// <summary>The kernel host's <see cref="IScratch{T}"/>: thread-local memory from <c>LocalMemory.Allocate</c>.</summary>
/// <param name="view">The thread's local view.</param>
public readonly struct ViewScratch<T>(ArrayView<T> view) : IScratch<T>
    where T : unmanaged
{
    private readonly ArrayView<T> _view = view;

    /// <inheritdoc />
    public ref T this[int index] => ref _view[index];
}
