namespace Broadcast3D.Tracking.Pose2D;

/// <summary>
/// A view of one decoded RGBA8 frame (R,G,B,A bytes, <see cref="StrideBytes"/> per row). The caller owns the pixels
/// and keeps them unchanged during the call that receives the view.
/// </summary>
public readonly record struct RgbaFrame(ReadOnlyMemory<byte> Pixels, int Width, int Height, int StrideBytes)
{
    /// <summary>A tightly packed frame (stride = 4·width).</summary>
    public RgbaFrame(ReadOnlyMemory<byte> pixels, int width, int height)
        : this(pixels, width, height, width * 4)
    {
    }
}
