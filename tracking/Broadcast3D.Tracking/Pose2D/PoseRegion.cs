using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Tracking.Pose2D;

/// <summary>
/// The square image region a top-down pose model sees: centre (pixel-centre convention, like <see cref="Keypoint"/>)
/// and side in image pixels, rotated by
/// <see cref="RotationRadians"/> (counter-clockwise in the image, y down; MediaPipe's convention) so that the body
/// axis is upright in the crop.
/// </summary>
public readonly record struct PoseRegion(double CentreX, double CentreY, double Side, double RotationRadians)
{
    /// <summary>
    /// The unrotated square around a detector box, of side <paramref name="scale"/> × the longer box side
    /// (1.25 in MODELS.md: the margin the pose models were trained with). The box's edge coordinates become
    /// pixel-centre ones here.
    /// </summary>
    public static PoseRegion FromBox(in PersonBox box, double scale = 1.25) =>
        new((box.X1 + box.X2) / 2.0 - 0.5, (box.Y1 + box.Y2) / 2.0 - 0.5, scale * Math.Max(box.Width, box.Height), 0);

    /// <summary>The tensor → image map for a <paramref name="tensorSize"/>² input.</summary>
    public Affine2D ToAffine(int tensorSize) => Affine2D.RotatedSquareCrop(CentreX, CentreY, Side, RotationRadians, tensorSize);

}
