namespace Broadcast3D.Tracking.Triangulation;

/// <summary>The CPU host's <see cref="IScratch{T}"/>: a span, usually stack-allocated by the caller.</summary>
/// <param name="values">The scratch memory; borrowed for the lifetime of this value.</param>
public readonly ref struct SpanScratch<T>(Span<T> values) : IScratch<T>
    where T : unmanaged
{
    private readonly Span<T> _values = values;

    /// <inheritdoc />
    public ref T this[int index] => ref _values[index];
}
