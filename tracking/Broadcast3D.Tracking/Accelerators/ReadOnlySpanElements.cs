namespace Broadcast3D.Tracking.Accelerators;

/// <summary>The CPU host's <see cref="IReadOnlyElements{T}"/>: a read-only span (bounds-checked).</summary>
/// <param name="values">The elements; borrowed for the lifetime of this value.</param>
public readonly ref struct ReadOnlySpanElements<T>(ReadOnlySpan<T> values) : IReadOnlyElements<T>
    where T : unmanaged
{
    private readonly ReadOnlySpan<T> _values = values;

    /// <inheritdoc />
    public T this[int index] => _values[index];
}
