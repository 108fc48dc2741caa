using System.Globalization;
using System.Text;

namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// Reads and writes TRC files. Writing follows Pose2Sim's <c>make_trc</c>: tab-separated; line 1
/// <c>PathFileType\t4\t(X/Y/Z)\t&lt;file&gt;</c>; line 2 the header names; line 3 their values; line 4
/// <c>Frame#\tTime\t</c> then each marker name followed by three tabs; line 5 <c>\t\tX1\tY1\tZ1…</c>; data from
/// line 6 with numbers in Python's repr format and missing values as empty fields. Reading accepts that layout
/// and the other writer's (spaces after PathFileType, rates like <c>60.0</c>, a blank line 6, fixed decimals).
/// Stateless and thread-safe.
/// </summary>
public static class TrcFile
{
    private static readonly string[] HeaderNames =
        ["DataRate", "CameraRate", "NumFrames", "NumMarkers", "Units", "OrigDataRate", "OrigDataStartFrame", "OrigNumFrames"];

    /// <summary>Reads a TRC file.</summary>
    /// <exception cref="InputFormatException">Missing file, or a header or data row that does not parse (the message gives the line).</exception>
    public static TrcData Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputFormatException(path, $"cannot read the TRC file: {ex.Message}", ex);
        }

        return Parse(lines, path);
    }

    /// <summary>Parses TRC lines; <paramref name="source"/> names them in errors.</summary>
    /// <exception cref="InputFormatException">See <see cref="Read"/>.</exception>
    public static TrcData Parse(IReadOnlyList<string> lines, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count < 5 || !lines[0].StartsWith("PathFileType", StringComparison.Ordinal))
        {
            throw new InputFormatException(source, "line 1: not a TRC file (expected 'PathFileType' and at least 5 header lines)");
        }

        string[] names = lines[1].Split('\t', StringSplitOptions.TrimEntries);
        string[] values = lines[2].Split('\t', StringSplitOptions.TrimEntries);
        string Header(string key)
        {
            int i = Array.IndexOf(names, key);
            return i >= 0 && i < values.Length
                ? values[i]
                : throw new InputFormatException(source, $"line 2/3: header field '{key}' is missing");
        }

        double dataRate = HeaderNumber(Header("DataRate"), "DataRate", source);
        int frames = (int)HeaderNumber(Header("NumFrames"), "NumFrames", source);
        int markerCount = (int)HeaderNumber(Header("NumMarkers"), "NumMarkers", source);
        var markerNames = new List<string>();
        string[] nameFields = lines[3].Split('\t');
        for (int i = 2; i < nameFields.Length; i++)
        {
            if (nameFields[i].Trim().Length > 0)
            {
                markerNames.Add(nameFields[i].Trim());
            }
        }

        if (markerNames.Count != markerCount)
        {
            throw new InputFormatException(source, $"line 4: {markerNames.Count} marker names but NumMarkers is {markerCount}");
        }

        var frameNumbers = new List<int>(frames);
        var times = new List<double>(frames);
        var coordinates = new List<double>(frames * markerCount * 3);
        for (int l = 5; l < lines.Count; l++)
        {
            string line = lines[l];
            if (line.Trim().Length == 0)
            {
                continue;
            }

            string[] fields = line.Split('\t');
            frameNumbers.Add((int)Field(fields, 0, l, source, allowEmpty: false));
            times.Add(Field(fields, 1, l, source, allowEmpty: false));
            for (int i = 0; i < markerCount * 3; i++)
            {
                coordinates.Add(Field(fields, i + 2, l, source, allowEmpty: true));
            }
        }

        if (frameNumbers.Count != frames)
        {
            throw new InputFormatException(source, $"{frameNumbers.Count} data rows but NumFrames is {frames}");
        }

        int pathIndex = lines[0].IndexOf("(X/Y/Z)", StringComparison.Ordinal);
        return new TrcData(markerNames, dataRate, [.. frameNumbers], [.. times], [.. coordinates])
        {
            CameraRate = HeaderNumber(Header("CameraRate"), "CameraRate", source),
            Units = Header("Units"),
            OrigDataRate = HeaderNumber(Header("OrigDataRate"), "OrigDataRate", source),
            OrigDataStartFrame = (int)HeaderNumber(Header("OrigDataStartFrame"), "OrigDataStartFrame", source),
            OrigNumFrames = (int)HeaderNumber(Header("OrigNumFrames"), "OrigNumFrames", source),
            FileName = pathIndex >= 0 ? lines[0][(pathIndex + "(X/Y/Z)".Length)..].Trim() : string.Empty,
        };
    }

    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/> in Pose2Sim's layout.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(TrcData data, string path) => File.WriteAllText(path, Format(data));

    /// <summary>The text of <paramref name="data"/> in Pose2Sim's layout.</summary>
    public static string Format(TrcData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var s = new StringBuilder();
        s.Append("PathFileType\t4\t(X/Y/Z)\t").Append(data.FileName).Append('\n');
        s.AppendJoin('\t', HeaderNames).Append('\n');
        s.Append(Rate(data.DataRate)).Append('\t').Append(Rate(data.CameraRate)).Append('\t')
         .Append(data.FrameCount).Append('\t').Append(data.MarkerCount).Append('\t').Append(data.Units).Append('\t')
         .Append(Rate(data.OrigDataRate)).Append('\t').Append(data.OrigDataStartFrame).Append('\t').Append(data.OrigNumFrames).Append('\n');
        s.Append("Frame#\tTime\t").AppendJoin("\t\t\t", data.MarkerNames).Append("\t\t\n");
        s.Append("\t\t");
        for (int m = 1; m <= data.MarkerCount; m++)
        {
            s.Append(m > 1 ? "\t" : string.Empty).Append('X').Append(m).Append("\tY").Append(m).Append("\tZ").Append(m);
        }

        s.Append('\n');
        int perRow = data.MarkerCount * 3;
        for (int f = 0; f < data.FrameCount; f++)
        {
            s.Append(data.FrameNumbers[f]).Append('\t').Append(PythonFloat.Format(data.Times[f]));
            for (int i = 0; i < perRow; i++)
            {
                double v = data.Coordinates[(f * perRow) + i];
                s.Append('\t');
                if (!double.IsNaN(v))
                {
                    s.Append(PythonFloat.Format(v));
                }
            }

            s.Append('\n');
        }

        return s.ToString();
    }

    // Pose2Sim writes integer rates as integers ("60"); other rates as Python floats.
    private static string Rate(double rate) =>
        rate == Math.Floor(rate) && Math.Abs(rate) < 1e15 ? ((long)rate).ToString(CultureInfo.InvariantCulture) : PythonFloat.Format(rate);

    private static double HeaderNumber(string text, string field, string source) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new InputFormatException(source, $"line 3: {field} = '{text}' is not a number");

    private static double Field(string[] fields, int index, int lineIndex, string source, bool allowEmpty)
    {
        string text = index < fields.Length ? fields[index].Trim() : string.Empty;
        if (text.Length == 0 || text.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            return allowEmpty ? double.NaN : throw new InputFormatException(source, $"line {lineIndex + 1}: column {index + 1} is empty");
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new InputFormatException(source, $"line {lineIndex + 1}: column {index + 1} '{text}' is not a number");
    }
}
