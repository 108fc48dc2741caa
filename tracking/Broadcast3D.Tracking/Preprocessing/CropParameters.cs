using Broadcast3D.Core.Frames;

namespace Broadcast3D.Tracking.Preprocessing;

/// <summary>
/// Everything the crop sampling needs besides the planes and the map, as a plain value an ILGPU kernel can take
/// (no arrays or references): the picture's layout, size and strides, its Y'CbCr→R'G'B' coefficients, the tensor's
/// size, layout and normalisation, and where in the output the image starts. Build it with <see cref="From"/>.
/// <see cref="Layout"/> is the <see cref="PixelLayout"/> as an int and <see cref="Nchw"/>/<see cref="Bgr"/> are 0
/// or 1, not bool: ILGPU takes only blittable kernel arguments, and bool is not. The conversion constants:
/// <see cref="YScale"/> is 0–255 R'G'B' per luma code (255/219 limited, 1 full range; 10-bit codes are read as
/// code/4), <see cref="YOffset"/> the luma code of black (16 limited, 0 full), <see cref="CScale"/> normalised chroma
/// per chroma code times 255 (255/224 limited, 1 full); <see cref="Rv"/> = 2(1 − Kr), <see cref="Gu"/> =
/// −2Kb(1 − Kb)/Kg, <see cref="Gv"/> = −2Kr(1 − Kr)/Kg, <see cref="Bu"/> = 2(1 − Kb).
/// </summary>
public readonly record struct CropParameters(
    int Layout, int ImageWidth, int ImageHeight, int Stride0, int Stride1, int Stride2,
    int TensorWidth, int TensorHeight, int Nchw, int Bgr,
    float Mean0, float Mean1, float Mean2, float InverseStd0, float InverseStd1, float InverseStd2, float PadValue, int OutputOffset,
    float YScale, float YOffset, float CScale, float Rv, float Gu, float Gv, float Bu)
{
    /// <summary>The parameters of <paramref name="spec"/> for <paramref name="image"/>, writing at <paramref name="outputOffset"/>.</summary>
    /// <exception cref="ArgumentException">A layout tracking cannot sample (UYVY), naming it.</exception>
    public static CropParameters From(TensorSpec spec, in ImagePlanes image, int outputOffset)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (image.Layout is not (PixelLayout.Rgba8 or PixelLayout.Yuv420P or PixelLayout.Nv12 or PixelLayout.Yuv420P10))
            throw new ArgumentException($"tracking samples rgba8, yuv420p, nv12 or yuv420p10 pictures, not {image.Layout}", nameof(image));
        // Kr, Kb of ITU-R BT.709 / BT.601; the rest follows from them (Kg = 1 − Kr − Kb).
        (double kr, double kb) = image.Matrix == YuvMatrix.Bt601 ? (0.299, 0.114) : (0.2126, 0.0722);
        double kg = 1 - kr - kb;
        (float yScale, float yOffset, float cScale) = image.FullRange ? (1f, 0f, 1f) : (255f / 219, 16f, 255f / 224);
        return new CropParameters((int)image.Layout, image.Width, image.Height, image.Stride0, image.Stride1, image.Stride2,
            spec.Width, spec.Height, spec.Layout == TensorLayout.Nchw ? 1 : 0, spec.Order == ChannelOrder.Bgr ? 1 : 0,
            spec.Mean[0], spec.Mean[1], spec.Mean[2], 1f / spec.Std[0], 1f / spec.Std[1], 1f / spec.Std[2], spec.PadValue, outputOffset,
            yScale, yOffset, cScale, (float)(2 * (1 - kr)), (float)(-2 * kb * (1 - kb) / kg), (float)(-2 * kr * (1 - kr) / kg), (float)(2 * (1 - kb)));
    }
}
