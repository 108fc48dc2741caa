using Broadcast3D.Tracking.Preprocessing;

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

    /// <summary>
    /// Writes the crop <paramref name="map"/> of this frame into one tensor slot, or zeros when the region is under
    /// a pixel (it cannot hold a person, and a zero side would make the map singular).
    /// </summary>
    public void CropInto(in PoseRegion region, in Affine2D map, TensorSpec spec, Span<float> slot)
    {
        if (region.Side >= 1)
            ImagePreprocessor.CropToTensor(Pixels.Span, Width, Height, StrideBytes, map, spec, slot);
        else
            slot.Clear();
    }
}
