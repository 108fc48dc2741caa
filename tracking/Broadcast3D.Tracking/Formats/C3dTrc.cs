using System.Globalization;

namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// Conversion between C3D (Z-up laboratory axes, float32) and Pose2Sim-style TRC (Y-up: TRC (X, Y, Z) = C3D (Y, Z, X)).
/// The axis change is a permutation and each TRC value is the shortest decimal that reads back as the same float32,
/// so C3D → TRC → C3D reproduces the coordinates bit for bit; TRC → C3D keeps float32 precision (within one float ulp, 1.2e-7 relative).
/// Units are carried over unchanged (POINT:UNITS ↔ TRC Units). Stateless and thread-safe.
/// </summary>
public static class C3dTrc
{
    /// <summary>TRC content of <paramref name="c3d"/>: Frame# = C3D frame numbers, Time = Frame# / rate, invalid points empty.</summary>
    public static TrcData ToTrc(C3dData c3d, string fileName = "")
    {
        ArgumentNullException.ThrowIfNull(c3d);
        int n = c3d.PointCount;
        var coordinates = new double[c3d.FrameCount * n * 3];
        var frames = new int[c3d.FrameCount];
        var times = new double[c3d.FrameCount];
        for (int f = 0; f < c3d.FrameCount; f++)
        {
            frames[f] = c3d.FirstFrame + f;
            times[f] = frames[f] / c3d.PointRate;
            for (int p = 0; p < n; p++)
            {
                int i = ((f * n) + p) * 3;
                coordinates[i] = Shortest(c3d.Points[i + 1]);
                coordinates[i + 1] = Shortest(c3d.Points[i + 2]);
                coordinates[i + 2] = Shortest(c3d.Points[i]);
            }
        }

        return new TrcData(c3d.PointLabels, c3d.PointRate, frames, times, coordinates)
        {
            Units = c3d.PointUnits,
            FileName = fileName,
            OrigDataStartFrame = c3d.FirstFrame,
            OrigNumFrames = c3d.FrameCount,
        };
    }

    /// <summary>C3D content of <paramref name="trc"/> (float32, first frame = the first Frame#), with POINT:X_SCREEN/Y_SCREEN for Z-up viewers.</summary>
    /// <exception cref="InputFormatException">Frame numbers that are not consecutive (C3D stores a first frame and a count).</exception>
    public static C3dData FromTrc(TrcData trc, string source)
    {
        ArgumentNullException.ThrowIfNull(trc);
        for (int f = 1; f < trc.FrameCount; f++)
        {
            if (trc.FrameNumbers[f] != trc.FrameNumbers[f - 1] + 1)
            {
                throw new InputFormatException(source, $"row {f + 1}: Frame# {trc.FrameNumbers[f]} does not follow {trc.FrameNumbers[f - 1]}; C3D needs consecutive frames");
            }
        }

        var points = new float[trc.Coordinates.Length];
        for (int i = 0; i < points.Length; i += 3)
        {
            points[i] = (float)trc.Coordinates[i + 2];
            points[i + 1] = (float)trc.Coordinates[i];
            points[i + 2] = (float)trc.Coordinates[i + 1];
        }

        var parameters = new C3dParameterSection();
        parameters.Set("POINT", C3dParameter.String("X_SCREEN", "+X", "screen right axis"));
        parameters.Set("POINT", C3dParameter.String("Y_SCREEN", "+Z", "screen up axis"));
        parameters.Set("MANUFACTURER", C3dParameter.String("COMPANY", "Broadcast3D"));
        parameters.Set("MANUFACTURER", C3dParameter.String("SOFTWARE", "b3d export"));
        return new C3dData(trc.MarkerNames, trc.DataRate, trc.FrameCount, points)
        {
            FirstFrame = trc.FrameCount > 0 ? trc.FrameNumbers[0] : 1,
            PointUnits = trc.Units,
            Parameters = parameters,
        };
    }

    // The shortest decimal of the float, as a double: prints cleanly in the TRC and parses back to the same float.
    private static double Shortest(float v) =>
        float.IsNaN(v) ? double.NaN : double.Parse(v.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
