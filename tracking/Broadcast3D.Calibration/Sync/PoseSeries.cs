using System.Text.Json;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Calibration.Sync;

/// <summary>
/// One camera's 2D keypoints over time: for each frame the keypoints <c>[x0, y0, c0, …]</c> (pixels, confidence) of
/// the most confident person, or null when the frame holds nobody. Immutable once built.
/// </summary>
public sealed class PoseSeries
{
    /// <summary>Creates a series.</summary>
    /// <param name="camera">Camera (folder) name.</param>
    /// <param name="frames">Per frame the keypoint triples, or null; the arrays are kept, not copied.</param>
    public PoseSeries(string camera, IReadOnlyList<double[]?> frames)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(camera);
        ArgumentNullException.ThrowIfNull(frames);
        Camera = camera;
        Frames = frames;
    }

    /// <summary>Camera (folder) name.</summary>
    public string Camera { get; }

    /// <summary>Per frame the keypoint triples of the chosen person, or null.</summary>
    public IReadOnlyList<double[]?> Frames { get; }

    /// <summary>
    /// The series delayed by <paramref name="frames"/>: frame f of the result is frame f − <paramref name="frames"/>
    /// of this one (nobody where that is outside), same length. What a camera started later or earlier would record.
    /// </summary>
    public PoseSeries Shifted(int frames)
    {
        var shifted = new double[]?[Frames.Count];
        for (int f = 0; f < shifted.Length; f++)
        {
            int source = f - frames;
            shifted[f] = source >= 0 && source < Frames.Count ? Frames[source] : null;
        }

        return new PoseSeries(Camera, shifted);
    }

    /// <summary>
    /// Reads every camera folder of an OpenPose JSON tree (<see cref="OpenPoseJson.CameraFolders"/>), keeping in
    /// each frame one person: in the first frame with anybody the tallest (the athlete nearest the camera, not a
    /// spectator in the background), then in each frame the person nearest to the one kept in the frame before, so
    /// the series follows one person instead of jumping between people.
    /// </summary>
    /// <exception cref="InputFormatException">Missing folder, no camera folder, malformed file.</exception>
    public static IReadOnlyList<PoseSeries> ReadOpenPose(string pose2dDirectory)
    {
        var series = new List<PoseSeries>();
        foreach (string folder in OpenPoseJson.CameraFolders(pose2dDirectory))
        {
            string[] files = OpenPoseJson.FrameFiles(folder);
            var frames = new double[]?[files.Length];
            double[]? previous = null;
            for (int f = 0; f < files.Length; f++)
            {
                List<double[]> people = People(files[f]);
                frames[f] = previous is null ? people.MaxBy(Height) : people.MinBy(p => Distance(p, previous));
                previous = frames[f] ?? previous;
            }

            series.Add(new PoseSeries(Path.GetFileName(folder), frames));
        }

        return series;
    }

    private static double Height(double[] keypoints)
    {
        double top = double.MaxValue, bottom = double.MinValue;
        for (int k = 0; k + 2 < keypoints.Length; k += 3)
        {
            if (keypoints[k + 2] > 0)
            {
                top = Math.Min(top, keypoints[k + 1]);
                bottom = Math.Max(bottom, keypoints[k + 1]);
            }
        }

        return bottom - top;
    }

    /// <summary>Mean pixel distance over the keypoints seen in both; infinite when none is.</summary>
    private static double Distance(double[] a, double[] b)
    {
        double sum = 0;
        int count = 0;
        for (int k = 0; k + 2 < Math.Min(a.Length, b.Length); k += 3)
        {
            if (a[k + 2] > 0 && b[k + 2] > 0)
            {
                sum += Math.Sqrt(((a[k] - b[k]) * (a[k] - b[k])) + ((a[k + 1] - b[k + 1]) * (a[k + 1] - b[k + 1])));
                count++;
            }
        }

        return count > 0 ? sum / count : double.PositiveInfinity;
    }

    private static List<double[]> People(string file)
    {
        try
        {
            byte[] bytes = File.ReadAllBytes(file);
            int start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
            using JsonDocument document = JsonDocument.Parse(bytes.AsMemory(start));
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("people", out JsonElement people) || people.ValueKind != JsonValueKind.Array)
            {
                throw new InputFormatException(file, "field 'people' is missing or not an array (OpenPose JSON expected)");
            }

            var found = new List<double[]>();
            int index = 0;
            foreach (JsonElement person in people.EnumerateArray())
            {
                if (person.ValueKind == JsonValueKind.Object && person.TryGetProperty("pose_keypoints_2d", out JsonElement keypoints))
                {
                    if (keypoints.ValueKind != JsonValueKind.Array || keypoints.GetArrayLength() % 3 != 0)
                    {
                        throw new InputFormatException(file, $"people[{index}].pose_keypoints_2d must be an array of x, y, confidence triples");
                    }

                    double[] values = [.. keypoints.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN)];
                    if (values.Any(v => !double.IsFinite(v)))
                    {
                        throw new InputFormatException(file, $"people[{index}].pose_keypoints_2d holds a value that is not a finite number");
                    }

                    if (values.Where((_, i) => i % 3 == 2).Any(c => c > 0))
                    {
                        found.Add(values);
                    }
                }

                index++;
            }

            return found;
        }
        catch (JsonException ex)
        {
            throw new InputFormatException(file, $"not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }
    }
}
