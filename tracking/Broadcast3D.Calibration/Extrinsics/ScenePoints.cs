using System.Globalization;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Formats;
using Tomlyn;
using Tomlyn.Model;

namespace Broadcast3D.Calibration.Extrinsics;

/// <summary>
/// Scene points with known coordinates and where each camera sees them, read from a TOML file:
/// <code>
/// [world]                 # metres, Z up
/// A = [-2.0, 0.3, 0.0]
/// B = [-2.0, 0.0, 0.0]
/// [cam_01]                # pixels in the camera's picture (lens distortion not removed), by point name
/// A = [512.3, 1400.2]
/// </code>
/// Immutable.
/// </summary>
public sealed class ScenePoints
{
    private ScenePoints(IReadOnlyDictionary<string, Vector3d> world, IReadOnlyDictionary<string, IReadOnlyDictionary<string, (double U, double V)>> cameras)
    {
        World = world;
        Cameras = cameras;
    }

    /// <summary>Each point's world coordinates, metres, by name.</summary>
    public IReadOnlyDictionary<string, Vector3d> World { get; }

    /// <summary>Per camera name, the points it sees: name → pixel position.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, (double U, double V)>> Cameras { get; }

    /// <summary>Creates the points from code (tests, tools).</summary>
    public static ScenePoints Create(IReadOnlyDictionary<string, Vector3d> world, IReadOnlyDictionary<string, IReadOnlyDictionary<string, (double U, double V)>> cameras)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(cameras);
        return new ScenePoints(world, cameras);
    }

    /// <summary>Reads a points file.</summary>
    /// <exception cref="InputFormatException">Missing file, TOML syntax, no <c>[world]</c> table, a value that is
    /// not 3 (world) or 2 (pixels) numbers, or a camera naming a point <c>[world]</c> lacks.</exception>
    public static ScenePoints Read(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!File.Exists(file))
        {
            throw new InputFormatException(file, "the points file does not exist; write a TOML file with a [world] table (metres) and one table per camera (pixels), see the README");
        }

        TomlTable root;
        try
        {
            root = TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(file), new TomlSerializerOptions { SourceName = file })
                ?? throw new InputFormatException(file, "empty points file");
        }
        catch (TomlException ex)
        {
            throw new InputFormatException(file, $"not valid TOML: {ex.Message}", ex);
        }

        if (!root.TryGetValue("world", out object? worldValue) || worldValue is not TomlTable worldTable)
        {
            throw new InputFormatException(file, "no [world] table: give each point's world coordinates in metres, e.g. A = [-2.0, 0.3, 0.0]");
        }

        var world = new Dictionary<string, Vector3d>(StringComparer.Ordinal);
        foreach ((string name, object value) in worldTable)
        {
            double[] xyz = Numbers(file, $"[world] {name}", value, 3);
            world[name] = new Vector3d(xyz[0], xyz[1], xyz[2]);
        }

        var cameras = new Dictionary<string, IReadOnlyDictionary<string, (double U, double V)>>(StringComparer.Ordinal);
        foreach ((string camera, object value) in root)
        {
            if (camera == "world")
            {
                continue;
            }

            if (value is not TomlTable table)
            {
                throw new InputFormatException(file, $"'{camera}' is not a table: give [world] and one [CAMERA] table per camera, named as in the intrinsics");
            }

            var seen = new Dictionary<string, (double U, double V)>(StringComparer.Ordinal);
            foreach ((string name, object uv) in table)
            {
                if (!world.ContainsKey(name))
                {
                    throw new InputFormatException(file, $"[{camera}] {name}: no such point in [world]; give its world coordinates there");
                }

                double[] p = Numbers(file, $"[{camera}] {name}", uv, 2);
                seen[name] = (p[0], p[1]);
            }

            cameras[camera] = seen;
        }

        return new ScenePoints(world, cameras);
    }

    private static double[] Numbers(string file, string field, object value, int count)
    {
        if (value is TomlArray array && array.Count == count)
        {
            var result = new double[count];
            for (int i = 0; i < count; i++)
            {
                object? item = array[i];
                result[i] = item switch
                {
                    double d when double.IsFinite(d) => d,
                    long l => l,
                    _ => double.NaN,
                };
                if (!double.IsFinite(result[i]))
                {
                    break;
                }
            }

            if (result.All(double.IsFinite))
            {
                return result;
            }
        }

        throw new InputFormatException(file, string.Create(CultureInfo.InvariantCulture,
            $"{field}: give {count} numbers, e.g. {(count == 3 ? "[-2.0, 0.3, 0.0] (metres)" : "[512.3, 1400.2] (pixels)")}"));
    }
}
