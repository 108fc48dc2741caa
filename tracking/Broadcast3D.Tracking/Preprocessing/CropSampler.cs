using Broadcast3D.Tracking.Accelerators;

namespace Broadcast3D.Tracking.Preprocessing;

/// <summary>
/// The per-pixel maths of the crop preprocessing, shared by the CPU reference (<see cref="ImagePreprocessor"/>)
/// and the ILGPU kernel (<c>Accelerators.PreprocessKernels</c>): map tensor pixel (u, v) through the affine map,
/// sample the RGBA8 image bilinearly (pixel centres at integers; taps outside the image read the pad value),
/// order and normalise the channels, and write them in the tensor's layout. Kernel-safe: no allocation, no
/// managed objects, no exceptions; callers validate sizes.
/// </summary>
public static class CropSampler
{
    /// <summary>Writes the three channels of tensor pixel (<paramref name="u"/>, <paramref name="v"/>).</summary>
    public static void WritePixel<TImage, TTensor>(in TImage rgba, in CropParameters p, in Affine2D map, int u, int v, ref TTensor tensor)
        where TImage : struct, IReadOnlyElements<byte>, allows ref struct
        where TTensor : struct, IWritableElements<float>, allows ref struct
    {
        double x = (map.M11 * u) + (map.M12 * v) + map.M13;
        double y = (map.M21 * u) + (map.M22 * v) + map.M23;
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        float fx = (float)(x - x0), fy = (float)(y - y0);
        float r = 0, g = 0, b = 0;
        for (int j = 0; j < 2; j++)
        {
            float wy = j == 0 ? 1 - fy : fy;
            if (wy == 0)
            {
                continue;
            }

            int yy = y0 + j;
            for (int i = 0; i < 2; i++)
            {
                float wx = i == 0 ? 1 - fx : fx;
                float weight = wx * wy;
                if (weight == 0)
                {
                    continue;
                }

                int xx = x0 + i;
                if (xx < 0 || yy < 0 || xx >= p.ImageWidth || yy >= p.ImageHeight)
                {
                    r += p.PadValue * weight;
                    g += p.PadValue * weight;
                    b += p.PadValue * weight;
                    continue;
                }

                int o = (yy * p.StrideBytes) + (xx * 4);
                r += rgba[o] * weight;
                g += rgba[o + 1] * weight;
                b += rgba[o + 2] * weight;
            }
        }

        float c0 = p.Bgr != 0 ? b : r, c2 = p.Bgr != 0 ? r : b;
        float n0 = (c0 - p.Mean0) * p.InverseStd0, n1 = (g - p.Mean1) * p.InverseStd1, n2 = (c2 - p.Mean2) * p.InverseStd2;
        int pixel = (v * p.TensorWidth) + u;
        if (p.Nchw != 0)
        {
            int plane = p.TensorWidth * p.TensorHeight;
            tensor[p.OutputOffset + pixel] = n0;
            tensor[p.OutputOffset + plane + pixel] = n1;
            tensor[p.OutputOffset + (2 * plane) + pixel] = n2;
        }
        else
        {
            tensor[p.OutputOffset + (3 * pixel)] = n0;
            tensor[p.OutputOffset + (3 * pixel) + 1] = n1;
            tensor[p.OutputOffset + (3 * pixel) + 2] = n2;
        }
    }
}
