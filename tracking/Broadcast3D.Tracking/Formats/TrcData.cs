namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// The content of a TRC marker file (OpenSim's text marker format). <see cref="Coordinates"/> holds the values as
/// they are in the file: frame-major, <c>(f·MarkerCount + m)·3 + axis</c>, in the file's axes and
/// <see cref="Units"/> (Pose2Sim files: metres, Y-up, i.e. TRC (X, Y, Z) = world (Y, Z, X); see
/// <see cref="FromWorldZUp"/>). Missing values are NaN. Owns its arrays; not thread-safe for writes.
/// </summary>
public sealed class TrcData
{
    /// <summary>Creates TRC content; arrays are taken, not copied.</summary>
    /// <exception cref="ArgumentException">Array lengths inconsistent with the marker and frame counts.</exception>
    public TrcData(IReadOnlyList<string> markerNames, double dataRate, int[] frameNumbers, double[] times, double[] coordinates)
    {
        ArgumentNullException.ThrowIfNull(markerNames);
        ArgumentNullException.ThrowIfNull(frameNumbers);
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(coordinates);
        if (times.Length != frameNumbers.Length || coordinates.Length != frameNumbers.Length * markerNames.Count * 3)
        {
            throw new ArgumentException(
                $"{frameNumbers.Length} frames × {markerNames.Count} markers need {frameNumbers.Length} times and " +
                $"{frameNumbers.Length * markerNames.Count * 3} coordinates, got {times.Length} and {coordinates.Length}.", nameof(coordinates));
        }

        MarkerNames = [.. markerNames];
        DataRate = dataRate;
        CameraRate = dataRate;
        OrigDataRate = dataRate;
        OrigNumFrames = frameNumbers.Length;
        FrameNumbers = frameNumbers;
        Times = times;
        Coordinates = coordinates;
    }

    /// <summary>Marker names in column order.</summary>
    public IReadOnlyList<string> MarkerNames { get; }

    /// <summary>Number of markers.</summary>
    public int MarkerCount => MarkerNames.Count;

    /// <summary>Number of data rows.</summary>
    public int FrameCount => FrameNumbers.Length;

    /// <summary>Samples per second.</summary>
    public double DataRate { get; init; }

    /// <summary>Camera rate, usually the data rate.</summary>
    public double CameraRate { get; init; }

    /// <summary>Unit string of the coordinates (<c>m</c> or <c>mm</c>).</summary>
    public string Units { get; init; } = "m";

    /// <summary>Original data rate.</summary>
    public double OrigDataRate { get; init; }

    /// <summary>Original first frame (Pose2Sim writes the start of the frame range).</summary>
    public int OrigDataStartFrame { get; init; }

    /// <summary>Original number of frames (Pose2Sim writes the end of the frame range).</summary>
    public int OrigNumFrames { get; init; }

    /// <summary>The name on line 1 after <c>PathFileType 4 (X/Y/Z)</c>.</summary>
    public string FileName { get; init; } = string.Empty;

    /// <summary>Frame# column.</summary>
    public int[] FrameNumbers { get; }

    /// <summary>Time column, seconds.</summary>
    public double[] Times { get; }

    /// <summary>Coordinates, layout in the type's summary.</summary>
    public double[] Coordinates { get; }

    /// <summary>Value of marker <paramref name="marker"/>, axis 0..2, at row <paramref name="frame"/>.</summary>
    public double this[int frame, int marker, int axis] => Coordinates[(((frame * MarkerCount) + marker) * 3) + axis];

    /// <summary>
    /// Builds Pose2Sim-style TRC content from Z-up world points (metres, layout <c>(f·markers + m)·3 + axis</c>):
    /// TRC (X, Y, Z) = world (Y, Z, X) (Pose2Sim's <c>zup2yup</c>), Frame# = 1…N, Time = Frame# / rate.
    /// </summary>
    public static TrcData FromWorldZUp(IReadOnlyList<string> markerNames, ReadOnlySpan<double> worldPoints, int frames, double rate)
    {
        ArgumentNullException.ThrowIfNull(markerNames);
        int markers = markerNames.Count;
        var coordinates = new double[frames * markers * 3];
        var frameNumbers = new int[frames];
        var times = new double[frames];
        for (int f = 0; f < frames; f++)
        {
            frameNumbers[f] = f + 1;
            times[f] = (f + 1) / rate;
            for (int m = 0; m < markers; m++)
            {
                int i = ((f * markers) + m) * 3;
                coordinates[i] = worldPoints[i + 1];
                coordinates[i + 1] = worldPoints[i + 2];
                coordinates[i + 2] = worldPoints[i];
            }
        }

        return new TrcData(markerNames, rate, frameNumbers, times, coordinates) { OrigDataStartFrame = 0, OrigNumFrames = frames };
    }

    /// <summary>Inverse of <see cref="FromWorldZUp"/>: the coordinates as Z-up world points (a new array).</summary>
    public double[] ToWorldZUp()
    {
        var world = new double[Coordinates.Length];
        for (int i = 0; i < Coordinates.Length; i += 3)
        {
            world[i] = Coordinates[i + 2];
            world[i + 1] = Coordinates[i];
            world[i + 2] = Coordinates[i + 1];
        }

        return world;
    }
}
