using System.Globalization;

namespace Broadcast3D.Calibration.Extrinsics;

/// <summary>
/// A distance in metres between two BODY_25B keypoints, e.g. a measured shank (<c>RKnee-RAnkle=0.42</c>). Parsed
/// from <c>A-B=METRES</c> with the keypoint names of <see cref="Keypoints"/>. Immutable.
/// </summary>
public sealed record KnownDistance(int From, int To, double Metres)
{
    /// <summary>BODY_25B keypoint names by index (OpenPose's body_25b model).</summary>
    public static IReadOnlyList<string> Keypoints { get; } =
    [
        "Nose", "LEye", "REye", "LEar", "REar", "LShoulder", "RShoulder", "LElbow", "RElbow", "LWrist", "RWrist",
        "LHip", "RHip", "LKnee", "RKnee", "LAnkle", "RAnkle", "Neck", "Head", "LBigToe", "LSmallToe", "LHeel",
        "RBigToe", "RSmallToe", "RHeel",
    ];

    /// <summary>Parses <c>A-B=METRES</c>.</summary>
    /// <exception cref="FormatException">Malformed text, unknown keypoint or a distance not in (0, 3] m.</exception>
    public static KnownDistance Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] sides = text.Split('=');
        string[] ends = sides[0].Split('-');
        if (sides.Length != 2 || ends.Length != 2)
        {
            throw new FormatException($"'{text}': give A-B=METRES, two BODY_25B keypoints and their distance, e.g. RKnee-RAnkle=0.42");
        }

        int from = Index(text, ends[0]), to = Index(text, ends[1]);
        if (from == to)
        {
            throw new FormatException($"'{text}': the two keypoints must differ");
        }

        if (!double.TryParse(sides[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double metres) || !(metres > 0 && metres <= 3))
        {
            throw new FormatException($"'{text}': the distance '{sides[1]}' must be in metres, above 0 and at most 3");
        }

        return new KnownDistance(from, to, metres);
    }

    private static int Index(string text, string name)
    {
        for (int i = 0; i < Keypoints.Count; i++)
        {
            if (string.Equals(Keypoints[i], name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new FormatException($"'{text}': unknown keypoint '{name}'; BODY_25B names are {string.Join(", ", Keypoints)}");
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Keypoints[From]}-{Keypoints[To]}={Metres}");
}
