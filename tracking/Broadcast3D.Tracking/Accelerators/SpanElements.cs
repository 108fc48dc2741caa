namespace Broadcast3D.Tracking.Accelerators;

/// <summary>The CPU host's <see cref="IWritableElements{T}"/>: a span (bounds-checked), often stack-allocated by the caller.</summary>
/// <param name="values">The elements; borrowed for the lifetime of this value.</param>
public readonly ref struct SpanElements<T>(Span<T> values) : IWritableElements<T>
    where T : unmanaged
{
    private readonly Span<T> _values = values;

    /// <inheritdoc />
    public ref T this[int index] => ref _values[index];
}
