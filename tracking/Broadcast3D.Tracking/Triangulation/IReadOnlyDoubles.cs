namespace Broadcast3D.Tracking.Triangulation;

/// <summary>
/// Read access to a run of doubles, so the triangulation maths compiles both over a CPU span
/// (<see cref="SpanDoubles"/>) and inside an ILGPU kernel over an <c>ArrayView</c>: one algorithm, two hosts.
/// Implementations are small structs; the maths takes them as constrained generics, so no interface call or
/// boxing remains after the JIT (or ILGPU) specialises it.
/// </summary>
public interface IReadOnlyDoubles
{
    /// <summary>The element at <paramref name="index"/> (no bounds promise beyond the implementation's own).</summary>
    double this[int index] { get; }
}
