using Broadcast3D.Core.Frames;
using Broadcast3D.Tracking.Accelerators;

namespace Broadcast3D.Tracking.Preprocessing;

/// <summary>
/// CPU reference of the pose/detector input stage: affine crop (rotate, scale, translate) of a decoded picture
/// (rgba8, yuv420p, nv12 or yuv420p10 planes, as <see cref="ImagePlanes"/>) with bilinear sampling, Y'CbCr→R'G'B'
/// conversion, normalisation and layout conversion, written straight into a tensor slice pixel after pixel through
/// <see cref="CropSampler"/> (the maths the ILGPU kernel runs). Stateless and thread-safe; no allocation.
/// </summary>
public static class ImagePreprocessor
{
    /// <summary>
    /// Fills <paramref name="destination"/> (exactly <see cref="TensorSpec.ElementsPerImage"/> floats) with the crop
    /// of <paramref name="image"/> sampled at <paramref name="tensorToImage"/> (tensor pixel → picture pixel, pixel
    /// centres at integers). Samples whose bilinear taps fall outside the picture blend with <see cref="TensorSpec.PadValue"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A wrong destination length, or a layout tracking cannot sample (UYVY).</exception>
    public static void CropToTensor(in ImagePlanes image, in Affine2D tensorToImage, TensorSpec spec, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (destination.Length != spec.ElementsPerImage)
            throw new ArgumentException($"destination holds {destination.Length} floats, the tensor needs {spec.ElementsPerImage}", nameof(destination));

        CropParameters p = CropParameters.From(spec, image, 0);
        var plane0 = new ReadOnlyByteSpanElements(image.Plane0.Span);
        var plane1 = new ReadOnlyByteSpanElements(image.Plane1.Span);
        var plane2 = new ReadOnlyByteSpanElements(image.Plane2.Span);
        var tensor = new SingleSpanElements(destination);
        for (int v = 0; v < spec.Height; v++)
        {
            for (int u = 0; u < spec.Width; u++)
            {
                CropSampler.WritePixel(plane0, plane1, plane2, p, tensorToImage, u, v, ref tensor);
            }
        }
    }
}
