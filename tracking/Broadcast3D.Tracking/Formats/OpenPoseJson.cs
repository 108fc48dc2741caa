using System.Text.Json;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// OpenPose JSON output (github.com/CMU-Perceptual-Computing-Lab/openpose, doc/02_output.md): one folder per
/// camera, one file per frame, <c>{"people":[{"pose_keypoints_2d":[x0,y0,c0,…]}]}</c> in pixels with origin
/// top-left and undetected keypoints as 0,0,0. Camera folders are the subfolders whose name contains "json",
/// frames the <c>*.json</c> files, both in natural order; camera i is calibration camera i (Pose2Sim's rule).
/// Stateless and thread-safe.
/// </summary>
public static class OpenPoseJson
{
    /// <summary>
    /// Largest keypoint coordinate accepted, pixels. No picture is a million pixels wide; a larger value is a
    /// corrupted file, and squaring it in the triangulation (1e308²) would overflow to infinity.
    /// </summary>
    public const double MaxCoordinatePixels = 1e6;

    /// <summary>The camera folders under <paramref name="pose2dDirectory"/> in natural order.</summary>
    /// <exception cref="InputFormatException">The folder does not exist or holds no camera folder.</exception>
    public static IReadOnlyList<string> CameraFolders(string pose2dDirectory)
    {
        if (File.Exists(pose2dDirectory))
        {
            throw new InputFormatException(pose2dDirectory, "is a file; give the folder holding one OpenPose JSON folder per camera (cam01_json, ...)");
        }

        if (!Directory.Exists(pose2dDirectory))
        {
            throw new InputFormatException(pose2dDirectory, "the 2D pose folder does not exist");
        }

        var folders = new List<string>();
        foreach (string folder in Directory.GetDirectories(pose2dDirectory))
        {
            if (System.IO.Path.GetFileName(folder).Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                folders.Add(folder);
            }
        }

        if (folders.Count == 0)
        {
            throw new InputFormatException(pose2dDirectory, "no camera folder found (expected one subfolder per camera whose name contains 'json', e.g. cam01_json)");
        }

        folders.Sort((a, b) => NaturalStringComparer.Instance.Compare(System.IO.Path.GetFileName(a), System.IO.Path.GetFileName(b)));
        return folders;
    }

    /// <summary>
    /// Reads every camera folder of <paramref name="pose2dDirectory"/> into a new one-person batch: keypoint k of
    /// the batch is model keypoint <paramref name="keypointIds"/>[k] of person <paramref name="person"/> (index in
    /// the <c>people</c> array; a frame without that person gives missing observations).
    /// </summary>
    /// <param name="pose2dDirectory">Folder holding the camera folders.</param>
    /// <param name="cameraCount">Cameras in the calibration; the folder count must match.</param>
    /// <param name="keypointIds">Model keypoint index per batch keypoint.</param>
    /// <param name="person">Person index in each file.</param>
    /// <exception cref="InputFormatException">Missing camera folder, different frame counts, malformed file,
    /// negative or NaN confidence, too short keypoint array.</exception>
    public static TriangulationBatch ReadBatch(string pose2dDirectory, int cameraCount, IReadOnlyList<int> keypointIds, int person)
    {
        ArgumentNullException.ThrowIfNull(keypointIds);
        ArgumentOutOfRangeException.ThrowIfNegative(person);
        string[][] files = CameraFrameFiles(pose2dDirectory, cameraCount);
        var batch = new TriangulationBatch(files[0].Length, 1, keypointIds.Count, cameraCount);
        int mostPeople = 0;
        for (int c = 0; c < cameraCount; c++)
        {
            for (int f = 0; f < files[c].Length; f++)
            {
                mostPeople = Math.Max(mostPeople, ReadFrame(files[c][f], keypointIds, person, batch.Observations.AsSpan(), batch, f, c));
            }
        }

        // A person index no file reaches would give a TRC of empty rows: that is a wrong index, not a result.
        if (person >= mostPeople)
        {
            throw new InputFormatException(pose2dDirectory, mostPeople == 0
                ? $"person {person}: no file holds any person"
                : $"person {person}: the files hold at most {mostPeople} {(mostPeople == 1 ? "person" : "people")}, so the person index is 0 to {mostPeople - 1}");
        }

        return batch;
    }

    /// <summary>
    /// The frame files of every camera folder under <paramref name="pose2dDirectory"/>: [camera][frame], natural
    /// order; every camera has the same number of frames.
    /// </summary>
    /// <exception cref="InputFormatException">Missing folder, a folder count other than <paramref name="cameraCount"/>,
    /// an empty camera folder, or cameras with different frame counts.</exception>
    public static string[][] CameraFrameFiles(string pose2dDirectory, int cameraCount)
    {
        IReadOnlyList<string> folders = CameraFolders(pose2dDirectory);
        if (folders.Count != cameraCount)
        {
            string names = string.Join(", ", folders.Select(System.IO.Path.GetFileName));
            throw new InputFormatException(pose2dDirectory,
                $"{folders.Count} camera folder(s) ({names}) but the calibration has {cameraCount} cameras: a camera folder is missing or extra");
        }

        var files = new string[folders.Count][];
        for (int c = 0; c < folders.Count; c++)
        {
            files[c] = FrameFiles(folders[c]);
            if (files[c].Length != files[0].Length)
            {
                throw new InputFormatException(folders[c],
                    $"{files[c].Length} frame files but {System.IO.Path.GetFileName(folders[0])} has {files[0].Length}: every camera needs the same frames");
            }
        }

        return files;
    }

    /// <summary>
    /// Every person of one frame file, in file order (index p = <c>people[p]</c>), as [person][keypoint][x, y, confidence]
    /// (pixels) for the first <paramref name="keypointCount"/> keypoints. An entry without keypoints (Pose2Sim writes
    /// <c>{}</c> for a rejected person) reads as all keypoints undetected (0, 0, 0), so it is never associated, as
    /// Pose2Sim's association leaves it out, and the indices still follow the file.
    /// </summary>
    /// <exception cref="InputFormatException">Malformed JSON, no <c>people</c> array, a person with too few values,
    /// a value that is not a number, a coordinate beyond ±<see cref="MaxCoordinatePixels"/>, a negative or NaN confidence.</exception>
    public static double[] ReadPeople(string file, int keypointCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keypointCount, 1);
        using JsonDocument document = Parse(file);
        JsonElement people = PeopleArray(document, file);
        var values = new List<double>(people.GetArrayLength() * keypointCount * 3);
        for (int person = 0; person < people.GetArrayLength(); person++)
        {
            if (people[person].ValueKind != JsonValueKind.Object
                || !people[person].TryGetProperty("pose_keypoints_2d", out JsonElement keypoints)
                || (keypoints.ValueKind == JsonValueKind.Array && keypoints.GetArrayLength() == 0))
            {
                values.AddRange(Enumerable.Repeat(0.0, keypointCount * 3));
                continue;
            }

            if (keypoints.ValueKind != JsonValueKind.Array)
            {
                throw new InputFormatException(file, $"people[{person}].pose_keypoints_2d is not an array");
            }

            int length = keypoints.GetArrayLength();
            if (length < keypointCount * 3)
            {
                throw new InputFormatException(file,
                    $"people[{person}].pose_keypoints_2d has {length} values; the skeleton has {keypointCount} keypoints (need {keypointCount * 3})");
            }

            for (int id = 0; id < keypointCount; id++)
            {
                (double x, double y, double c) = Keypoint(keypoints, file, person, id);
                values.Add(x);
                values.Add(y);
                values.Add(c);
            }
        }

        return [.. values];
    }

    /// <summary>The <c>*.json</c> files of a camera folder in natural order.</summary>
    /// <exception cref="InputFormatException">No JSON file in the folder.</exception>
    public static string[] FrameFiles(string cameraFolder)
    {
        string[] files = Directory.Exists(cameraFolder) ? Directory.GetFiles(cameraFolder, "*.json") : [];
        if (files.Length == 0)
        {
            throw new InputFormatException(cameraFolder, "no *.json frame file in the camera folder");
        }

        Array.Sort(files, (a, b) => NaturalStringComparer.Instance.Compare(System.IO.Path.GetFileName(a), System.IO.Path.GetFileName(b)));
        return files;
    }

    /// <summary>Reads one frame file into the batch; returns the number of people the file holds.</summary>
    private static int ReadFrame(string file, IReadOnlyList<int> keypointIds, int person, Span<double> observations, TriangulationBatch batch, int frame, int camera)
    {
        using JsonDocument document = Parse(file);
        JsonElement people = PeopleArray(document, file);
        int count = people.GetArrayLength();
        if (person >= count
            || people[person].ValueKind != JsonValueKind.Object
            || !people[person].TryGetProperty("pose_keypoints_2d", out JsonElement keypoints))
        {
            return count; // person absent in this frame (Pose2Sim writes {"people":[{}]} for a rejected frame)
        }

        if (keypoints.ValueKind != JsonValueKind.Array)
        {
            throw new InputFormatException(file, $"people[{person}].pose_keypoints_2d is not an array");
        }

        int length = keypoints.GetArrayLength();
        for (int k = 0; k < keypointIds.Count; k++)
        {
            int id = keypointIds[k];
            if ((id * 3) + 2 >= length)
            {
                throw new InputFormatException(file,
                    $"people[{person}].pose_keypoints_2d has {length} values, too few for keypoint {id} (need {(id * 3) + 3})");
            }

            (double x, double y, double c) = Keypoint(keypoints, file, person, id);
            int index = batch.ObservationIndex(frame, 0, k, camera);
            observations[index] = x;
            observations[index + 1] = y;
            observations[index + 2] = c;
        }

        return count;
    }

    private static JsonDocument Parse(string file)
    {
        try
        {
            byte[] bytes = File.ReadAllBytes(file);
            // A UTF-8 byte order mark (editors on Windows) carries no meaning in JSON; the parser refuses it.
            int start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
            return JsonDocument.Parse(bytes.AsMemory(start));
        }
        catch (JsonException ex)
        {
            throw new InputFormatException(file, $"not valid JSON (line {ex.LineNumber + 1}){NonFiniteHint(File.ReadAllText(file))}: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new InputFormatException(file, $"cannot be read: {ex.Message}", ex);
        }
    }

    private static JsonElement PeopleArray(JsonDocument document, string file)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("people", out JsonElement people)
            || people.ValueKind != JsonValueKind.Array)
        {
            throw new InputFormatException(file, "field 'people' is missing or not an array (OpenPose JSON expected)");
        }

        return people;
    }

    private static (double X, double Y, double C) Keypoint(JsonElement keypoints, string file, int person, int id)
    {
        double x = Number(keypoints[id * 3], file, person, id * 3);
        double y = Number(keypoints[(id * 3) + 1], file, person, (id * 3) + 1);
        double c = Number(keypoints[(id * 3) + 2], file, person, (id * 3) + 2);
        if (!(Math.Abs(x) <= MaxCoordinatePixels) || !(Math.Abs(y) <= MaxCoordinatePixels))
        {
            throw new InputFormatException(file,
                $"people[{person}].pose_keypoints_2d[{id * 3}..{(id * 3) + 1}] (keypoint {id}) is ({x}, {y}); coordinates are pixels within ±{MaxCoordinatePixels:0}");
        }

        if (!(c >= 0))
        {
            throw new InputFormatException(file,
                $"people[{person}].pose_keypoints_2d[{(id * 3) + 2}] (confidence of keypoint {id}) is {c}; confidences must be ≥ 0");
        }

        return (x, y, c);
    }

    // Python's json module writes NaN/Infinity as bare literals, which are not JSON: name the field they sit in.
    private static string NonFiniteHint(string text)
    {
        foreach (string literal in (ReadOnlySpan<string>)["NaN", "-Infinity", "Infinity"])
        {
            int at = text.IndexOf(literal, StringComparison.Ordinal);
            int array = text.LastIndexOf("\"pose_keypoints_2d\"", Math.Max(at, 0), StringComparison.Ordinal);
            int open = array < 0 ? -1 : text.IndexOf('[', array);
            if (at < 0 || open < 0 || open > at)
            {
                continue;
            }

            int index = text.AsSpan(open, at - open).Count(',');
            string what = (index % 3) == 2 ? $"confidence of keypoint {index / 3}" : $"coordinate of keypoint {index / 3}";
            return $"; pose_keypoints_2d[{index}] ({what}) is {literal}, which JSON cannot carry (use 0,0,0 for an undetected keypoint)";
        }

        return string.Empty;
    }

    private static double Number(JsonElement element, string file, int person, int index)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out double value))
        {
            return value;
        }

        throw new InputFormatException(file, $"people[{person}].pose_keypoints_2d[{index}] is {element.GetRawText()}, not a number");
    }
}
