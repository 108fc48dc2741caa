using ILGPU;

namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// The kernel host's <see cref="IWritableElements{T}"/>: an ILGPU array view, device memory or thread-local memory
/// from <c>LocalMemory.Allocate</c>.
/// </summary>
/// <param name="view">The view; valid while its buffer (or the kernel thread) lives.</param>
public readonly struct ViewElements<T>(ArrayView<T> view) : IWritableElements<T>
    where T : unmanaged
{
    private readonly ArrayView<T> _view = view;

    /// <inheritdoc />
    public ref T this[int index] => ref _view[index];
}
