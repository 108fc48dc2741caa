namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// Writable elements for the shared tracking maths: scratch (a stack span on the CPU, thread-local memory in a
/// kernel) or an output (a tensor span, a device buffer). See <see cref="IReadOnlyElements{T}"/> for why.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public interface IWritableElements<T>
    where T : unmanaged
{
    /// <summary>A reference to the element at <paramref name="index"/>.</summary>
    ref T this[int index] { get; }
}
