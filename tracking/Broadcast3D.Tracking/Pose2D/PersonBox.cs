namespace Broadcast3D.Tracking.Pose2D;

/// <summary>
/// An axis-aligned person box in image pixels, edge convention as detectors write them: (0, 0) is the top-left
/// corner of the image, (width, height) its bottom-right corner.
/// </summary>
public readonly record struct PersonBox(float X1, float Y1, float X2, float Y2, float Score)
{
    public float Width => X2 - X1;

    public float Height => Y2 - Y1;

    /// <summary>Intersection over union with <paramref name="other"/>; 0 when either box is empty.</summary>
    public float IoU(in PersonBox other)
    {
        float w = Math.Min(X2, other.X2) - Math.Max(X1, other.X1);
        float h = Math.Min(Y2, other.Y2) - Math.Max(Y1, other.Y1);
        if (w <= 0 || h <= 0)
            return 0;
        float inter = w * h;
        return inter / (Width * Height + other.Width * other.Height - inter);
    }

    /// <summary>This box clipped to a width × height image.</summary>
    public PersonBox ClipTo(int width, int height) =>
        new(Math.Clamp(X1, 0, width), Math.Clamp(Y1, 0, height), Math.Clamp(X2, 0, width), Math.Clamp(Y2, 0, height), Score);
}
