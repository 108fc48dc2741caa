using Broadcast3D.Core.Skeletons;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Tracking.Pose2D;

/// <summary>
/// Rewrites a pose model's keypoints in OpenPose BODY_25B order (the layout Pose2Sim triangulates and OpenPose
/// JSON consumers expect) as x, y, confidence doubles: shared names are copied, Neck and Head (which BlazePose and
/// COCO do not have) are derived, and points the model lacks (small toes; heels and toes for COCO) are 0, 0, 0
/// (OpenPose's "not detected"). Immutable and thread-safe.
/// </summary>
public sealed class Body25BConverter
{
    // BODY_25B's Neck is the upper neck: on the reference OpenPose detections of the Balancing trial it sits about
    // 0.4 of the way from the shoulders' midpoint to the nose, and the head top about 1.5 eye–mouth distances above
    // the eyes (measured on cam01 frame 0). Derived points take the weakest confidence of what they come from.
    private const double NeckTowardsNose = 0.4;
    private const double HeadAboveEyes = 1.5;

    private readonly SkeletonMapping _mapping;
    private readonly int _neck, _head, _nose, _lShoulder, _rShoulder, _lEye, _rEye;
    private readonly int _mouthL = -1, _mouthR = -1;

    /// <summary>Creates the converter for keypoints in <paramref name="source"/> order.</summary>
    /// <exception cref="ArgumentException">The layout lacks the nose, shoulders or eyes the derived points need.</exception>
    public Body25BConverter(SkeletonDefinition source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _mapping = new SkeletonMapping(source, SkeletonCatalog.Body25B);
        SourceKeypointCount = source.KeypointCount;
        _neck = SkeletonCatalog.Body25B.IndexOf("Neck");
        _head = SkeletonCatalog.Body25B.IndexOf("Head");
        _nose = source.Require("Nose");
        _lShoulder = source.Require("LShoulder");
        _rShoulder = source.Require("RShoulder");
        _lEye = source.Require("LEye");
        _rEye = source.Require("REye");
        if (source.IndexOf("MouthL") >= 0 && source.IndexOf("MouthR") >= 0)
        {
            _mouthL = source.IndexOf("MouthL");
            _mouthR = source.IndexOf("MouthR");
        }
    }

    /// <summary>Keypoints BODY_25B has (25).</summary>
    public static int KeypointCount => 25;

    /// <summary>Keypoints of the model layout read by <see cref="Convert"/>.</summary>
    public int SourceKeypointCount { get; }

    /// <summary>
    /// Writes <see cref="KeypointCount"/>·3 values (x, y, c; pixels) into <paramref name="body25b"/> from one person's
    /// model keypoints. Allocation-free.
    /// </summary>
    /// <exception cref="ArgumentException">Spans too short.</exception>
    public void Convert(ReadOnlySpan<Keypoint> source, Span<double> body25b)
    {
        if (source.Length < SourceKeypointCount || body25b.Length < KeypointCount * 3)
            throw new ArgumentException($"need {SourceKeypointCount} source keypoints and {KeypointCount * 3} target values");
        IReadOnlyList<int> index = _mapping.SourceIndex;
        for (int i = 0; i < KeypointCount; i++)
        {
            int s = index[i];
            Keypoint k = s >= 0 ? source[s] : default;
            body25b[i * 3] = k.X;
            body25b[(i * 3) + 1] = k.Y;
            body25b[(i * 3) + 2] = k.Score;
        }

        Keypoint ls = source[_lShoulder], rs = source[_rShoulder], nose = source[_nose];
        double mx = (ls.X + rs.X) / 2, my = (ls.Y + rs.Y) / 2;
        Set(body25b, _neck, mx + (NeckTowardsNose * (nose.X - mx)), my + (NeckTowardsNose * (nose.Y - my)), Math.Min(Math.Min(ls.Score, rs.Score), nose.Score));

        Keypoint le = source[_lEye], re = source[_rEye];
        double ex = (le.X + re.X) / 2, ey = (le.Y + re.Y) / 2;
        // A layout without mouth corners (COCO): the nose stands in, about half as far below the eyes, hence twice the factor.
        (double ax, double ay, float ac, double factor) = _mouthL >= 0
            ? ((source[_mouthL].X + source[_mouthR].X) / 2.0, (source[_mouthL].Y + source[_mouthR].Y) / 2.0, Math.Min(source[_mouthL].Score, source[_mouthR].Score), HeadAboveEyes)
            : (nose.X, nose.Y, nose.Score, 2 * HeadAboveEyes);
        Set(body25b, _head, ex + (factor * (ex - ax)), ey + (factor * (ey - ay)), Math.Min(Math.Min(le.Score, re.Score), ac));
    }

    private static void Set(Span<double> values, int keypoint, double x, double y, double score)
    {
        values[keypoint * 3] = x;
        values[(keypoint * 3) + 1] = y;
        values[(keypoint * 3) + 2] = score;
    }
}
