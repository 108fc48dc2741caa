using Broadcast3D.Tracking.Preprocessing;
using ILGPU;

namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// The ILGPU crop-preprocessing kernel: one thread per tensor pixel, each running
/// <see cref="CropSampler.WritePixel"/> (the maths <see cref="ImagePreprocessor"/> runs on the CPU) from the decoded
/// planes in device memory into a float tensor in device memory. Kernel rules: static, array views only.
/// </summary>
internal static class PreprocessKernels
{
    /// <summary>Writes tensor pixel (X = u, Y = v) of the image slot that <paramref name="parameters"/> names.</summary>
    public static void CropToTensor(Index2D pixel, ArrayView<byte> plane0, ArrayView<byte> plane1, ArrayView<byte> plane2,
        ArrayView<float> tensor, CropParameters parameters, Affine2D map)
    {
        var output = new ViewElements<float>(tensor);
        CropSampler.WritePixel(new ReadOnlyViewElements<byte>(plane0), new ReadOnlyViewElements<byte>(plane1),
            new ReadOnlyViewElements<byte>(plane2), parameters, map, pixel.X, pixel.Y, ref output);
    }
}
