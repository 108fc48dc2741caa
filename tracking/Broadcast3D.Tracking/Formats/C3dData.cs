namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// The content of a C3D file. <see cref="Points"/> are in <see cref="PointUnits"/> in the file's (laboratory) axes,
/// <c>(frame·PointCount + point)·3 + axis</c>; a point whose residual word is negative (invalid) is NaN.
/// <see cref="Residuals"/> are in <see cref="PointUnits"/> (−1 = invalid, 0 = interpolated/filtered);
/// <see cref="CameraMasks"/> hold the 7 camera bits. <see cref="Parameters"/> holds every group as read; the writer
/// regenerates POINT/ANALOG/TRIAL entries from the data and keeps the rest. Owns its arrays; not thread-safe for writes.
/// </summary>
public sealed class C3dData
{
    /// <summary>Creates C3D content; arrays are taken, not copied. Residuals default to 0 (valid, processed) or −1 where a point is NaN.</summary>
    /// <exception cref="ArgumentException">Inconsistent array lengths, a non-positive rate, or more than 32767 points.</exception>
    public C3dData(IReadOnlyList<string> pointLabels, double pointRate, int frameCount, float[] points, float[]? residuals = null, byte[]? cameraMasks = null)
    {
        ArgumentNullException.ThrowIfNull(pointLabels);
        ArgumentNullException.ThrowIfNull(points);
        int cells = frameCount * pointLabels.Count;
        if (!(pointRate > 0) || frameCount < 0 || pointLabels.Count > short.MaxValue || points.Length != cells * 3 ||
            (residuals != null && residuals.Length != cells) || (cameraMasks != null && cameraMasks.Length != cells))
        {
            throw new ArgumentException(
                $"{frameCount} frames × {pointLabels.Count} points at {pointRate} Hz need {cells * 3} coordinates and {cells} residuals/masks " +
                $"(got {points.Length}, {residuals?.Length}, {cameraMasks?.Length}); rate > 0, ≤ 32767 points.", nameof(points));
        }

        PointLabels = [.. pointLabels];
        PointRate = pointRate;
        FrameCount = frameCount;
        Points = points;
        if (residuals is null)
        {
            residuals = new float[cells];
            for (int i = 0; i < cells; i++)
            {
                residuals[i] = float.IsNaN(points[i * 3]) || float.IsNaN(points[(i * 3) + 1]) || float.IsNaN(points[(i * 3) + 2]) ? -1f : 0f;
            }
        }

        Residuals = residuals;
        CameraMasks = cameraMasks ?? new byte[cells];
    }

    /// <summary>POINT:LABELS (then LABELS2, LABELS3… beyond 255), in data order.</summary>
    public IReadOnlyList<string> PointLabels { get; }

    /// <summary>Number of points per frame.</summary>
    public int PointCount => PointLabels.Count;

    /// <summary>Number of frames.</summary>
    public int FrameCount { get; }

    /// <summary>POINT:RATE, frames per second.</summary>
    public double PointRate { get; }

    /// <summary>Number of the first frame (header word 4, TRIAL:ACTUAL_START_FIELD); 1 by convention.</summary>
    public int FirstFrame { get; init; } = 1;

    /// <summary>POINT:UNITS (<c>mm</c> for most systems, <c>m</c> for some).</summary>
    public string PointUnits { get; init; } = "mm";

    /// <summary>POINT:DESCRIPTIONS, empty when absent.</summary>
    public IReadOnlyList<string> PointDescriptions { get; init; } = [];

    /// <summary>Coordinates; layout in the type's summary.</summary>
    public float[] Points { get; }

    /// <summary>Residual per frame and point, in <see cref="PointUnits"/>; −1 invalid.</summary>
    public float[] Residuals { get; }

    /// <summary>Camera contribution bits per frame and point (bit 0 = camera 1; 7 cameras).</summary>
    public byte[] CameraMasks { get; }

    /// <summary>Analog channels, or null when the file has none.</summary>
    public C3dAnalog? Analog { get; init; }

    /// <summary>Events of the header's event block (at most 18).</summary>
    public IReadOnlyList<C3dEvent> HeaderEvents { get; init; } = [];

    /// <summary>Events of the EVENT parameter group as read (written back through <see cref="Parameters"/>).</summary>
    public IReadOnlyList<C3dEvent> Events { get; init; } = [];

    /// <summary>All parameter groups (as read, or extra groups to write).</summary>
    public C3dParameterSection Parameters { get; init; } = new();

    /// <summary>Processor type the file was read with (Intel for new content).</summary>
    public C3dProcessor Processor { get; init; } = C3dProcessor.Intel;

    /// <summary>POINT:SCALE as read: negative for float data, positive for scaled integers (0 for new content).</summary>
    public float PointScale { get; init; }

    /// <summary>Coordinate <paramref name="axis"/> of <paramref name="point"/> at <paramref name="frame"/>.</summary>
    public float this[int frame, int point, int axis] => Points[(((frame * PointCount) + point) * 3) + axis];
}
