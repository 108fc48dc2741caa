namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// Analog channels of a C3D file (force plates, EMG). <see cref="Values"/> are physical values,
/// <c>(raw − OFFSET)·SCALE·GEN_SCALE</c>, laid out <c>((frame·SamplesPerFrame + sample)·ChannelCount + channel)</c>.
/// Owns its arrays; not thread-safe for writes.
/// </summary>
public sealed class C3dAnalog
{
    /// <summary>Creates analog data; arrays are taken, not copied.</summary>
    /// <exception cref="ArgumentException">Array lengths that do not match the channel count, or a non-positive sample count.</exception>
    public C3dAnalog(IReadOnlyList<string> labels, int samplesPerFrame, float[] values, float[] scales, short[] offsets)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(scales);
        ArgumentNullException.ThrowIfNull(offsets);
        if (samplesPerFrame < 1 || scales.Length != labels.Count || offsets.Length != labels.Count ||
            (labels.Count > 0 && values.Length % (labels.Count * samplesPerFrame) != 0))
        {
            throw new ArgumentException(
                $"{labels.Count} analog channels need as many scales and offsets (got {scales.Length}, {offsets.Length}), " +
                $"≥ 1 sample per frame (got {samplesPerFrame}) and whole frames of values (got {values.Length}).", nameof(values));
        }

        Labels = [.. labels];
        SamplesPerFrame = samplesPerFrame;
        Values = values;
        Scales = scales;
        Offsets = offsets;
    }

    /// <summary>Channel labels (ANALOG:LABELS).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Number of channels.</summary>
    public int ChannelCount => Labels.Count;

    /// <summary>Analog samples per point frame (ANALOG:RATE / POINT:RATE).</summary>
    public int SamplesPerFrame { get; }

    /// <summary>Physical values; layout in the type's summary.</summary>
    public float[] Values { get; }

    /// <summary>ANALOG:SCALE per channel (units per count).</summary>
    public float[] Scales { get; }

    /// <summary>ANALOG:OFFSET per channel (counts).</summary>
    public short[] Offsets { get; }

    /// <summary>ANALOG:GEN_SCALE.</summary>
    public float GeneralScale { get; init; } = 1f;

    /// <summary>ANALOG:UNITS per channel (e.g. <c>N</c>, <c>Nmm</c>, <c>V</c>); empty strings when unknown.</summary>
    public IReadOnlyList<string> Units { get; init; } = [];

    /// <summary>ANALOG:FORMAT is <c>UNSIGNED</c>: integer samples are 0…65535 rather than −32768…32767.</summary>
    public bool Unsigned { get; init; }
}
