namespace Broadcast3D.Tracking.Preprocessing;

/// <summary>
/// CPU reference of the pose/detector input stage: affine crop (rotate, scale, translate) of an RGBA8 frame with
/// bilinear sampling, normalisation and layout conversion, written straight into a tensor slice. The GPU
/// compute kernel (shaders/preprocess.comp) must equal this within 1e-3. Stateless and thread-safe; no allocation.
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

        int w = spec.Width, h = spec.Height, plane = w * h;
        bool bgr = spec.Order == ChannelOrder.Bgr;
        float m0 = spec.Mean[0], m1 = spec.Mean[1], m2 = spec.Mean[2];
        float s0 = 1f / spec.Std[0], s1 = 1f / spec.Std[1], s2 = 1f / spec.Std[2];
        for (int v = 0; v < h; v++)
        {
            for (int u = 0; u < w; u++)
            {
                (double x, double y) = tensorToImage.Apply(u, v);
                Sample(rgba, width, height, strideBytes, x, y, spec.PadValue, out float r, out float g, out float b);
                float c0 = bgr ? b : r, c2 = bgr ? r : b;
                float n0 = (c0 - m0) * s0, n1 = (g - m1) * s1, n2 = (c2 - m2) * s2;
                int p = v * w + u;
                if (spec.Layout == TensorLayout.Nchw)
                {
                    destination[p] = n0;
                    destination[plane + p] = n1;
                    destination[2 * plane + p] = n2;
                }
                else
                {
                    destination[3 * p] = n0;
                    destination[3 * p + 1] = n1;
                    destination[3 * p + 2] = n2;
                }
            }
        }
    }

    /// <summary>Bilinear sample at (x, y), pixel centres at integers; taps outside the image read the pad value.</summary>
    private static void Sample(ReadOnlySpan<byte> rgba, int width, int height, int stride, double x, double y, float pad,
        out float r, out float g, out float b)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        float fx = (float)(x - x0), fy = (float)(y - y0);
        r = g = b = 0;
        for (int j = 0; j < 2; j++)
        {
            float wy = j == 0 ? 1 - fy : fy;
            if (wy == 0)
                continue;
            int yy = y0 + j;
            for (int i = 0; i < 2; i++)
            {
                float wx = i == 0 ? 1 - fx : fx;
                float wgt = wx * wy;
                if (wgt == 0)
                    continue;
                int xx = x0 + i;
                if (xx < 0 || yy < 0 || xx >= width || yy >= height)
                {
                    r += pad * wgt;
                    g += pad * wgt;
                    b += pad * wgt;
                    continue;
                }
                int o = yy * stride + xx * 4;
                r += rgba[o] * wgt;
                g += rgba[o + 1] * wgt;
                b += rgba[o + 2] * wgt;
            }
        }
    }
}
