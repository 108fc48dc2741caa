namespace Broadcast3D.Tracking.Triangulation;

/// <summary>
/// Writable scratch memory for the shared triangulation maths: a stack span on the CPU (<see cref="SpanScratch{T}"/>),
/// thread-local memory inside an ILGPU kernel. Fixed size, owned by one solve at a time.
/// </summary>
/// <typeparam name="T">Element type (double for the DLT, int for the exclusion combinations).</typeparam>
public interface IScratch<T>
    where T : unmanaged
{
    /// <summary>A reference to the element at <paramref name="index"/>.</summary>
    ref T this[int index] { get; }
}
