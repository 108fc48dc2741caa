using Broadcast3D.Tracking.Accelerators;

namespace Broadcast3D.Tracking.Preprocessing;

/// <summary>
/// CPU reference of the pose/detector input stage: affine crop (rotate, scale, translate) of an RGBA8 frame with
/// bilinear sampling, normalisation and layout conversion, written straight into a tensor slice, pixel after pixel
/// through <see cref="CropSampler"/> (the maths the ILGPU kernel runs). Stateless and thread-safe; no allocation.
/// </summary>
public static class ImagePreprocessor
{
    /// <summary>
    /// Fills <paramref name="destination"/> (exactly <see cref="TensorSpec.ElementsPerImage"/> floats) with the crop
    /// of <paramref name="rgba"/> (width × height pixels, <paramref name="strideBytes"/> per row, R,G,B,A bytes)
    /// sampled at <paramref name="tensorToImage"/>. Samples whose bilinear taps fall outside the image blend with
    /// <see cref="TensorSpec.PadValue"/>.
    /// </summary>
    public static void CropToTensor(ReadOnlySpan<byte> rgba, int width, int height, int strideBytes,
        in Affine2D tensorToImage, TensorSpec spec, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (width <= 0 || height <= 0 || strideBytes < width * 4 || rgba.Length < (long)strideBytes * (height - 1) + width * 4)
            throw new ArgumentException($"image {width}x{height} with stride {strideBytes} does not fit in {rgba.Length} bytes", nameof(rgba));
        if (destination.Length != spec.ElementsPerImage)
            throw new ArgumentException($"destination holds {destination.Length} floats, the tensor needs {spec.ElementsPerImage}", nameof(destination));

        CropParameters p = CropParameters.From(spec, width, height, strideBytes, 0);
        var image = new ReadOnlySpanElements<byte>(rgba);
        var tensor = new SpanElements<float>(destination);
        for (int v = 0; v < spec.Height; v++)
        {
            for (int u = 0; u < spec.Width; u++)
            {
                CropSampler.WritePixel(image, p, tensorToImage, u, v, ref tensor);
            }
        }
    }
}
