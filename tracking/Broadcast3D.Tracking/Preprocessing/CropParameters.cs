namespace Broadcast3D.Tracking.Preprocessing;

/// <summary>
/// Everything the crop sampling needs besides the pixels and the map, as a plain value an ILGPU kernel can take
/// (no arrays or references): image geometry, tensor size and layout, normalisation and where in the output the
/// image starts. Build it with <see cref="From"/>. <see cref="Nchw"/> and <see cref="Bgr"/> are 0 or 1, not bool:
/// ILGPU takes only blittable kernel arguments, and bool is not.
/// </summary>
public readonly record struct CropParameters(
    int ImageWidth, int ImageHeight, int StrideBytes, int TensorWidth, int TensorHeight, int Nchw, int Bgr,
    float Mean0, float Mean1, float Mean2, float InverseStd0, float InverseStd1, float InverseStd2, float PadValue, int OutputOffset)
{
    /// <summary>The parameters of <paramref name="spec"/> for a width × height image with the given stride, writing at <paramref name="outputOffset"/>.</summary>
    public static CropParameters From(TensorSpec spec, int width, int height, int strideBytes, int outputOffset)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new CropParameters(width, height, strideBytes, spec.Width, spec.Height, spec.Layout == TensorLayout.Nchw ? 1 : 0, spec.Order == ChannelOrder.Bgr ? 1 : 0,
            spec.Mean[0], spec.Mean[1], spec.Mean[2], 1f / spec.Std[0], 1f / spec.Std[1], 1f / spec.Std[2], spec.PadValue, outputOffset);
    }
}
