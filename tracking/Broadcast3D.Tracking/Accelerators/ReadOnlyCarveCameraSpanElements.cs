using Broadcast3D.Tracking.Meshes;

namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// The CPU host's <see cref="IReadOnlyElements{T}"/> over a read-only span of <see cref="CarveCamera"/>
/// (bounds-checked; not generic for the ReadyToRun reason of <see cref="ReadOnlyByteSpanElements"/>).
/// </summary>
/// <param name="values">The elements; borrowed for the lifetime of this value.</param>
public readonly ref struct ReadOnlyCarveCameraSpanElements(ReadOnlySpan<CarveCamera> values) : IReadOnlyElements<CarveCamera>
{
    private readonly ReadOnlySpan<CarveCamera> _values = values;

    /// <inheritdoc />
    public CarveCamera this[int index] => _values[index];
}
