using System.Buffers;
using System.Text.Json;

namespace Broadcast3D.Engine.Pipeline;

/// <summary>
/// Writes 2D poses as OpenPose JSON (<c>{"version":1.3,"people":[{"person_id":[id],"pose_keypoints_2d":[x,y,c,…]}]}</c>,
/// pixels, origin top-left, 0,0,0 = not detected), one folder per camera (<c>camNN_json</c>, the folder name
/// Pose2Sim and <see cref="Tracking.Formats.OpenPoseJson"/> read back) and one file per frame
/// (<c>camNN.000000.json</c>). The JSON buffer is reused between frames. Not thread-safe: one writer per thread.
/// </summary>
public sealed class OpenPoseJsonWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _json;
    private readonly string[] _folders;
    private readonly string[] _prefixes;

    /// <summary>Creates (or reuses) one folder per camera under <paramref name="directory"/>.</summary>
    /// <param name="directory">Parent folder, created when missing.</param>
    /// <param name="cameraNames">Base names of the camera folders and files, e.g. "cam01".</param>
    /// <exception cref="IOException">A folder cannot be created.</exception>
    public OpenPoseJsonWriter(string directory, IReadOnlyList<string> cameraNames)
    {
        ArgumentNullException.ThrowIfNull(cameraNames);
        _json = new Utf8JsonWriter(_buffer);
        _folders = new string[cameraNames.Count];
        _prefixes = new string[cameraNames.Count];
        for (int c = 0; c < cameraNames.Count; c++)
        {
            _folders[c] = Directory.CreateDirectory(Path.Combine(directory, cameraNames[c] + "_json")).FullName;
            _prefixes[c] = cameraNames[c];
        }
    }

    /// <summary>Folder of camera <paramref name="camera"/>.</summary>
    public string Folder(int camera) => _folders[camera];

    /// <summary>
    /// Writes frame <paramref name="frame"/> of camera <paramref name="camera"/>: <paramref name="keypoints"/> holds
    /// <paramref name="ids"/>.Length people of <paramref name="keypointCount"/> × (x, y, c) each. An empty frame
    /// is written as <c>"people":[]</c> so every camera has every frame.
    /// </summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Write(int camera, long frame, ReadOnlySpan<double> keypoints, ReadOnlySpan<int> ids, int keypointCount)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        Utf8JsonWriter json = _json;
        {
            json.WriteStartObject();
            json.WriteNumber("version"u8, 1.3);
            json.WriteStartArray("people"u8);
            for (int p = 0; p < ids.Length; p++)
            {
                json.WriteStartObject();
                json.WriteStartArray("person_id"u8);
                json.WriteNumberValue(ids[p]);
                json.WriteEndArray();
                json.WriteStartArray("pose_keypoints_2d"u8);
                ReadOnlySpan<double> person = keypoints.Slice(p * keypointCount * 3, keypointCount * 3);
                foreach (double v in person)
                    json.WriteNumberValue(double.IsFinite(v) ? Math.Round(v, 3) : 0.0);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.Flush();
        }
        string path = Path.Combine(_folders[camera], string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_prefixes[camera]}.{frame:D6}.json"));
        using FileStream file = File.Create(path);
        file.Write(_buffer.WrittenSpan);
    }
}
