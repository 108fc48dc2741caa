using System.Text;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Formats;
using Tomlyn.Model;
using Tomlyn.Serialization;
using Tomlyn;

namespace Broadcast3D.Tracking.Calibration;

/// <summary>
/// The anipose / Pose2Sim calibration TOML: one table per camera with <c>name</c>, <c>size = [w, h]</c>,
/// <c>matrix</c> (K, pixels), <c>distortions</c> (OpenCV k1, k2, p1, p2[, k3]), <c>rotation</c> (Rodrigues
/// vector, world→camera), <c>translation</c> (world→camera), <c>fisheye</c>; then <c>[metadata]</c>
/// (<c>adjusted</c>, <c>error</c>). Every table but <c>metadata</c> is a camera, in file order.
/// <para>Units. Pose2Sim writes metres; other tools of the family write millimetres. With
/// <see cref="LengthUnit.Auto"/> the largest camera translation |t| decides: ≥ 100 means millimetres (no rig has
/// all cameras within 10 cm of the origin), below means metres (no rig in metres has a camera 100 m away).
/// The detected unit is returned to the caller to report. An explicit unit that contradicts this rule is an
/// error naming the camera and field. Translations are always held and written in metres.</para>
/// Stateless and thread-safe.
/// </summary>
public static class CalibrationToml
{
    /// <summary>|t| at or above which translations are taken as millimetres (see the type's summary).</summary>
    public const double MillimetreThreshold = 100.0;

    /// <summary>Reads a calibration file.</summary>
    /// <param name="path">The .toml file.</param>
    /// <param name="units">Translation units, or <see cref="LengthUnit.Auto"/>.</param>
    /// <param name="detected">The unit that was used (the detected one with Auto).</param>
    /// <exception cref="CalibrationFormatException">Missing file, syntax error, missing or malformed field, or units that contradict the values.</exception>
    public static CameraRig Read(string path, LengthUnit units, out LengthUnit detected)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new CalibrationFormatException(path, 0, 0, "is a folder; give the calibration .toml file");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CalibrationFormatException(path, 0, 0, $"cannot read the calibration file: {ex.Message}", ex);
        }

        return Parse(text, path, units, out detected);
    }

    /// <summary>Reads a calibration file, detecting the units.</summary>
    /// <exception cref="CalibrationFormatException">See <see cref="Read(string, LengthUnit, out LengthUnit)"/>.</exception>
    public static CameraRig Read(string path) => Read(path, LengthUnit.Auto, out _);

    /// <summary>Parses calibration TOML text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="CalibrationFormatException">See <see cref="Read(string, LengthUnit, out LengthUnit)"/>.</exception>
    public static CameraRig Parse(string text, string source, LengthUnit units, out LengthUnit detected)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var metadata = new TomlMetadataStore();
        TomlTable root;
        try
        {
            // Editors on Windows save UTF-8 with a byte order mark; it carries no meaning in TOML.
            root = TomlSerializer.Deserialize<TomlTable>(text.StartsWith('\uFEFF') ? text[1..] : text, new TomlSerializerOptions { SourceName = source, MetadataStore = metadata })
                ?? throw new CalibrationFormatException(source, 0, 0, "the file is empty");
        }
        catch (TomlException ex)
        {
            throw new CalibrationFormatException(source, ex.Line ?? 0, ex.Column ?? 0, SyntaxMessage(ex), ex);
        }

        var raw = new List<(CameraTable Table, RawCamera Camera)>();
        bool adjusted = false;
        double error = 0.0;
        foreach ((string name, object value) in root)
        {
            if (value is not TomlTable table)
            {
                continue; // root keys carry nothing for a calibration
            }

            var camera = new CameraTable(name, table, Position(metadata, root, name), metadata);
            if (name == "metadata")
            {
                adjusted = camera.Find("adjusted") is { Value: bool a } ? a : adjusted;
                error = camera.Find("error") is { } e && Number(e.Value) is { } v ? v : error;
                continue;
            }

            raw.Add((camera, ReadCamera(camera, source)));
        }

        if (raw.Count == 0)
        {
            throw new CalibrationFormatException(source, 0, 0, "no camera table found (expected [cam_01] … tables with matrix, distortions, rotation, translation)");
        }

        detected = ResolveUnits(raw, source, units);
        double scale = detected == LengthUnit.Millimetres ? 0.001 : 1.0;
        var cameras = new List<Camera>(raw.Count);
        foreach ((CameraTable table, RawCamera c) in raw)
        {
            try
            {
                cameras.Add(new Camera(c.Name, c.Width, c.Height, c.K, c.Distortion, c.Rotation, scale * c.Translation));
            }
            catch (ArgumentException ex)
            {
                throw new CalibrationFormatException(source, table.Line, 1, $"[{table.Name}]: {ex.Message}", ex);
            }
        }

        try
        {
            return new CameraRig(cameras, adjusted, error);
        }
        catch (ArgumentException ex)
        {
            throw new CalibrationFormatException(source, 0, 0, ex.Message, ex);
        }
    }

    /// <summary>Writes <paramref name="calibration"/> in Pose2Sim's layout and number format (metres).</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(CameraRig calibration, string path) => File.WriteAllText(path, Format(calibration));

    /// <summary>The TOML text of <paramref name="calibration"/>, as Pose2Sim's <c>toml_write</c> lays it out.</summary>
    public static string Format(CameraRig calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        var s = new StringBuilder();
        foreach (Camera camera in calibration.Cameras)
        {
            Matrix3d k = camera.Intrinsics;
            s.Append('[').Append(camera.Name).Append("]\n");
            s.Append("name = \"").Append(camera.Name).Append("\"\n");
            s.Append("size = [ ").Append(F(camera.ImageWidth)).Append(", ").Append(F(camera.ImageHeight)).Append("]\n");
            s.Append("matrix = [ [ ").Append(F(k.M00)).Append(", ").Append(F(k.M01)).Append(", ").Append(F(k.M02))
             .Append("], [ ").Append(F(k.M10)).Append(", ").Append(F(k.M11)).Append(", ").Append(F(k.M12))
             .Append("], [ ").Append(F(k.M20)).Append(", ").Append(F(k.M21)).Append(", ").Append(F(k.M22)).Append("]]\n");
            s.Append("distortions = [ ").AppendJoin(", ", Array.ConvertAll(camera.Distortion.ToOpenCv(), F)).Append("]\n");
            Vector3d r = camera.RotationVector, t = camera.TranslationMetres;
            s.Append("rotation = [ ").Append(F(r.X)).Append(", ").Append(F(r.Y)).Append(", ").Append(F(r.Z)).Append("]\n");
            s.Append("translation = [ ").Append(F(t.X)).Append(", ").Append(F(t.Y)).Append(", ").Append(F(t.Z)).Append("]\n");
            s.Append("fisheye = ").Append(camera.Distortion.IsFisheye ? "true" : "false").Append("\n\n");
        }

        s.Append("[metadata]\nadjusted = ").Append(calibration.Adjusted ? "true" : "false")
         .Append("\nerror = ").Append(F(calibration.ErrorPixels)).Append('\n');
        return s.ToString();
    }

    private static string F(double value) => PythonFloat.Format(value);

    private static LengthUnit ResolveUnits(List<(CameraTable Table, RawCamera Camera)> raw, string source, LengthUnit requested)
    {
        (CameraTable table, RawCamera farthest) = raw[0];
        foreach ((CameraTable t, RawCamera c) in raw)
        {
            if (c.Translation.Length > farthest.Translation.Length)
            {
                (table, farthest) = (t, c);
            }
        }

        double distance = farthest.Translation.Length;
        LengthUnit looksLike = distance >= MillimetreThreshold ? LengthUnit.Millimetres : LengthUnit.Metres;
        if (requested != LengthUnit.Auto && requested != looksLike)
        {
            TomlField entry = table.Find("translation")!;
            throw new CalibrationFormatException(source, entry.Line, entry.Column,
                $"[{table.Name}] translation: |t| = {distance:G6} looks like {Name(looksLike)}, but {Name(requested)} were requested " +
                $"(largest |t| ≥ {MillimetreThreshold} means millimetres); fix the file or the units option");
        }

        return looksLike;
    }

    private static string Name(LengthUnit unit) => unit == LengthUnit.Millimetres ? "millimetres" : "metres";

    private static RawCamera ReadCamera(CameraTable table, string source)
    {
        string name = table.Find("name") is { } n ? AsString(n, table, source) : table.Name;
        double[] size = Numbers(Require(table, "size", source), table, source, 2, 2);
        if (size[0] != Math.Floor(size[0]) || size[1] != Math.Floor(size[1]) || size[0] < 1 || size[1] < 1)
        {
            throw FieldError(table.Find("size")!, table, source, "must be two positive whole numbers of pixels [w, h]");
        }

        TomlField matrixEntry = Require(table, "matrix", source);
        if (matrixEntry.Value is not TomlArray { Count: 3 } rows)
        {
            throw FieldError(matrixEntry, table, source, "must be a 3×3 array [[fx, 0, cx], [0, fy, cy], [0, 0, 1]]");
        }

        var k = new double[9];
        for (int row = 0; row < 3; row++)
        {
            double[] values = Numbers(matrixEntry with { Value = rows[row] ?? "" }, table, source, 3, 3);
            values.CopyTo(k, row * 3);
        }

        TomlField distortionEntry = Require(table, "distortions", source);
        double[] distortion = Numbers(distortionEntry, table, source, 4, 5);
        bool fisheye = table.Find("fisheye") is { } f && (f.Value as bool? ?? throw FieldError(f, table, source, "must be true or false"));
        double[] rotation = Numbers(Require(table, "rotation", source), table, source, 3, 3);
        double[] translation = Numbers(Require(table, "translation", source), table, source, 3, 3);
        return new RawCamera(
            name, (int)size[0], (int)size[1],
            new Matrix3d(k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7], k[8]),
            LensDistortion.FromOpenCv(distortion, fisheye),
            new Vector3d(rotation[0], rotation[1], rotation[2]),
            new Vector3d(translation[0], translation[1], translation[2]));
    }

    private static TomlField Require(CameraTable table, string key, string source) =>
        table.Find(key) ?? throw new CalibrationFormatException(source, table.Line, 1,
            $"camera [{table.Name}] has no '{key}' key (a camera needs size, matrix, distortions, rotation and translation)");

    private static string AsString(TomlField entry, CameraTable table, string source) =>
        entry.Value as string ?? throw FieldError(entry, table, source, "must be a string");

    private static double[] Numbers(TomlField entry, CameraTable table, string source, int min, int max)
    {
        string expected = min == max ? $"{min}" : $"{min} or {max}";
        if (entry.Value is not TomlArray list || list.Count < min || list.Count > max)
        {
            throw FieldError(entry, table, source, $"must be an array of {expected} numbers");
        }

        var values = new double[list.Count];
        for (int i = 0; i < list.Count; i++)
        {
            values[i] = Number(list[i]) ?? throw FieldError(entry, table, source, $"must be an array of {expected} numbers (item {i + 1} is not a number)");
            if (!double.IsFinite(values[i]))
            {
                throw FieldError(entry, table, source, $"must be an array of {expected} finite numbers (item {i + 1} is {values[i]})");
            }
        }

        return values;
    }

    private static CalibrationFormatException FieldError(TomlField entry, CameraTable table, string source, string message) =>
        new(source, entry.Line, entry.Column, $"[{table.Name}] {entry.Key}: {message}");

    // TOML integers arrive as long, floats as double; both are numbers here.
    private static double? Number(object? value) => value switch
    {
        double d => d,
        long l => l,
        _ => null,
    };

    // Tomlyn's message starts with "source(line,column) : error : "; the exception carries those already.
    private static string SyntaxMessage(TomlException ex)
    {
        const string Marker = " : error : ";
        string message = ex.Message.Split('\n')[0];
        int cut = message.IndexOf(Marker, StringComparison.Ordinal);
        return $"TOML syntax error: {(cut >= 0 ? message[(cut + Marker.Length)..] : message)}";
    }

    // 1-based line and column of a key from Tomlyn's metadata (0, 0 when it has none).
    private static (int Line, int Column) Position(TomlMetadataStore metadata, TomlTable table, string key) =>
        metadata.TryGetProperties(table, out TomlPropertiesMetadata? properties) && properties is not null
        && properties.TryGetProperty(key, out TomlPropertyMetadata? property) && property?.Span is { } span
            ? (span.Start.Line + 1, span.Start.Column + 1)
            : (0, 0);

    private sealed record TomlField(string Key, object Value, int Line, int Column);

    private sealed class CameraTable(string name, TomlTable table, (int Line, int Column) header, TomlMetadataStore metadata)
    {
        public string Name { get; } = name;

        public int Line { get; } = header.Line;

        public TomlField? Find(string key)
        {
            if (!table.TryGetValue(key, out object? value) || value is null)
            {
                return null;
            }

            (int line, int column) = Position(metadata, table, key);
            return new TomlField(key, value, line, column);
        }
    }

    private sealed record RawCamera(string Name, int Width, int Height, Matrix3d K, LensDistortion Distortion, Vector3d Rotation, Vector3d Translation);
}
