namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// The CPU host's <see cref="IReadOnlyElements{T}"/> over a read-only span of <c>double</c> (bounds-checked). Not
/// generic over the element type on purpose: ReadyToRun precompiles a generic method instantiation only when every
/// type argument belongs to the assembly's own version bubble, and a <c>SpanElements&lt;double&gt;</c> argument
/// does not (its <c>double</c> is CoreLib's), so the shared maths instantiated over it was JIT-compiled at start-up
/// and ran as Tier-0 code for short commands such as <c>b3d triangulate</c> (docs/found.md).
/// </summary>
/// <param name="values">The elements; borrowed for the lifetime of this value.</param>
public readonly ref struct ReadOnlyDoubleSpanElements(ReadOnlySpan<double> values) : IReadOnlyElements<double>
{
    private readonly ReadOnlySpan<double> _values = values;

    /// <inheritdoc />
    public double this[int index] => _values[index];
}
