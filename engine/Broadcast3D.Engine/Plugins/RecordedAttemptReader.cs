using System.Numerics;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Plugins;

namespace Broadcast3D.Engine.Plugins;

/// <summary>
/// Reads a previous attempt for the plugins (<see cref="PluginSettings.Attempt"/>): a TRC file (Pose2Sim's
/// Y-up convention, as <c>b3d</c> exports it too) becomes the SDK's <see cref="RecordedAttempt"/> in world metres, Z up.
/// Thread-safe (no state).
/// </summary>
internal static class RecordedAttemptReader
{
    /// <summary>The attempt in <paramref name="path"/> (a full path).</summary>
    /// <exception cref="InvalidDataException">Missing or malformed file, units other than m or mm (the message names the file and line).</exception>
    public static RecordedAttempt Read(string path)
    {
        if (!string.Equals(Path.GetExtension(path), ".trc", StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{path}: a recorded attempt is read from a .trc file (Pose2Sim's, or a b3d export)");
        TrcData trc;
        try
        {
            trc = TrcFile.Read(path);
        }
        catch (InputFormatException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
        float scale = trc.Units switch
        {
            "m" => 1f,
            "mm" => 0.001f,
            _ => throw new InvalidDataException($"{path}: units '{trc.Units}'; a recorded attempt must be in m or mm"),
        };
        double[] world = trc.ToWorldZUp();
        var joints = new Vector3[world.Length / 3];
        for (int i = 0; i < joints.Length; i++)
            joints[i] = new Vector3((float)world[i * 3], (float)world[(i * 3) + 1], (float)world[(i * 3) + 2]) * scale;
        try
        {
            return new RecordedAttempt(path, trc.MarkerNames, trc.Times, joints);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }
}
