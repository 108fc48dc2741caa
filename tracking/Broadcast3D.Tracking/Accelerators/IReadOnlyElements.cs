namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// Read access to a run of elements, so the tracking maths (<see cref="Triangulation.PointTriangulation"/>,
/// <see cref="Preprocessing.CropSampler"/>) compiles both over a CPU span (<see cref="ReadOnlyDoubleSpanElements"/>, <see cref="ReadOnlyByteSpanElements"/>)
/// and inside an ILGPU kernel over an array view (<see cref="ReadOnlyViewElements{T}"/>): one algorithm, two hosts.
/// Implementations are small structs taken as constrained generics, so no interface call or boxing remains once
/// the JIT (or ILGPU) specialises the maths.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public interface IReadOnlyElements<T>
    where T : unmanaged
{
    /// <summary>The element at <paramref name="index"/> (bounds as the implementation checks them).</summary>
    T this[int index] { get; }
}
