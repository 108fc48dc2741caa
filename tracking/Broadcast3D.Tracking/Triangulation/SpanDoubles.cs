namespace Broadcast3D.Tracking.Triangulation;

/// <summary>The CPU host's <see cref="IReadOnlyDoubles"/>: a read-only span (bounds-checked).</summary>
/// <param name="values">The doubles; borrowed for the lifetime of this value.</param>
public readonly ref struct SpanDoubles(ReadOnlySpan<double> values) : IReadOnlyDoubles
{
    private readonly ReadOnlySpan<double> _values = values;

    /// <inheritdoc />
    public double this[int index] => _values[index];
}
