namespace Broadcast3D.Tracking.Formats;

/// <summary>How <see cref="C3dFile.Write(C3dData, string, C3dWriteOptions?)"/> encodes a file.</summary>
public sealed record C3dWriteOptions
{
    /// <summary>Processor type (byte order and real format).</summary>
    public C3dProcessor Processor { get; init; } = C3dProcessor.Intel;

    /// <summary>Store points as scaled 16-bit integers (POINT:SCALE &gt; 0) rather than floats (POINT:SCALE &lt; 0).</summary>
    public bool IntegerData { get; init; }

    /// <summary>
    /// |POINT:SCALE| in POINT:UNITS per count; null: the largest |coordinate| / 32000, as the specification recommends.
    /// Integer coordinates are value / scale; residuals are stored as counts of this scale in both formats.
    /// </summary>
    public float? PointScale { get; init; }
}
