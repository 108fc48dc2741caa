using Broadcast3D.Core.Frames;
using Broadcast3D.Tracking.Accelerators;

namespace Broadcast3D.Tracking.Preprocessing;

/// <summary>
/// The per-pixel maths of the crop preprocessing, shared by the CPU reference (<see cref="ImagePreprocessor"/>)
/// and the ILGPU kernel (<c>Accelerators.PreprocessKernels</c>): map tensor pixel (u, v) through the affine map,
/// sample the decoded planes bilinearly (pixel centres at integers) — RGBA directly; YUV as luma at full resolution
/// and chroma at its own resolution (left-sited horizontally, centred vertically: H.264/HEVC's default), then
/// Y'CbCr→R'G'B' with the picture's matrix and range — order and normalise the channels, and write them in the
/// tensor's layout. One pass, no RGB picture in between. Taps outside the picture read the pad value. Kernel-safe:
/// no allocation, no managed objects, no exceptions; callers validate sizes.
/// </summary>
public static class CropSampler
{
    /// <summary>
    /// Writes the three channels of tensor pixel (<paramref name="u"/>, <paramref name="v"/>) sampled from
    /// <paramref name="plane0"/>..<paramref name="plane2"/> (the planes of <see cref="CropParameters.Layout"/>;
    /// unused planes may be any value).
    /// </summary>
    public static void WritePixel<TImage, TTensor>(in TImage plane0, in TImage plane1, in TImage plane2, in CropParameters p,
        in Affine2D map, int u, int v, ref TTensor tensor)
        where TImage : struct, IReadOnlyElements<byte>, allows ref struct
        where TTensor : struct, IWritableElements<float>, allows ref struct
    {
        double x = (map.M11 * u) + (map.M12 * v) + map.M13;
        double y = (map.M21 * u) + (map.M22 * v) + map.M23;
        // One body, no out-parameter helpers: ILGPU's optimiser fails on them (NullReferenceException in its dead
        // code elimination), so the RGBA and YUV samplers are both inline here.
        float r = 0, g = 0, b = 0;
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        float fx = (float)(x - x0), fy = (float)(y - y0);
        if (p.Layout == (int)PixelLayout.Rgba8)
        {
            for (int j = 0; j < 2; j++)
            {
                float wy = j == 0 ? 1 - fy : fy;
                int yy = y0 + j;
                for (int i = 0; i < 2; i++)
                {
                    float weight = (i == 0 ? 1 - fx : fx) * wy;
                    int xx = x0 + i;
                    if (weight == 0)
                    {
                        continue;
                    }

                    if (xx < 0 || yy < 0 || xx >= p.ImageWidth || yy >= p.ImageHeight)
                    {
                        r += p.PadValue * weight;
                        g += p.PadValue * weight;
                        b += p.PadValue * weight;
                        continue;
                    }

                    int o = (yy * p.Stride0) + (xx * 4);
                    r += plane0[o] * weight;
                    g += plane0[o + 1] * weight;
                    b += plane0[o + 2] * weight;
                }
            }
        }
        else
        {
            bool wide = p.Layout == (int)PixelLayout.Yuv420P10;
            int bytes = wide ? 2 : 1;

            // Luma over the taps inside the picture; the taps outside blend with the pad value after the
            // conversion, so a crop leaving the picture pads exactly as the RGBA path does.
            float yAcc = 0, inside = 0;
            for (int j = 0; j < 2; j++)
            {
                float wy = j == 0 ? 1 - fy : fy;
                int yy = y0 + j;
                for (int i = 0; i < 2; i++)
                {
                    float weight = (i == 0 ? 1 - fx : fx) * wy;
                    int xx = x0 + i;
                    if (weight == 0 || xx < 0 || yy < 0 || xx >= p.ImageWidth || yy >= p.ImageHeight)
                    {
                        continue;
                    }

                    yAcc += Read(plane0, (yy * p.Stride0) + (xx * bytes), wide) * weight;
                    inside += weight;
                }
            }

            if (inside == 0)
            {
                r = p.PadValue;
                g = p.PadValue;
                b = p.PadValue;
            }
            else
            {
                // Chroma sample (i, j) sits at luma (2i, 2j + 0.5); taps clamp to the chroma plane's edge.
                int chromaWidth = (p.ImageWidth + 1) / 2, chromaHeight = (p.ImageHeight + 1) / 2;
                double cx = x * 0.5, cy = (y - 0.5) * 0.5;
                int cx0 = (int)Math.Floor(cx), cy0 = (int)Math.Floor(cy);
                float gx = (float)(cx - cx0), gy = (float)(cy - cy0);
                bool nv12 = p.Layout == (int)PixelLayout.Nv12;
                float cbAcc = 0, crAcc = 0;
                for (int j = 0; j < 2; j++)
                {
                    float wy = j == 0 ? 1 - gy : gy;
                    int yy = ClampIndex(cy0 + j, chromaHeight);
                    for (int i = 0; i < 2; i++)
                    {
                        float weight = (i == 0 ? 1 - gx : gx) * wy;
                        int xx = ClampIndex(cx0 + i, chromaWidth);
                        if (weight == 0)
                        {
                            continue;
                        }

                        if (nv12)
                        {
                            int o = (yy * p.Stride1) + (xx * 2);
                            cbAcc += plane1[o] * weight;
                            crAcc += plane1[o + 1] * weight;
                        }
                        else
                        {
                            cbAcc += Read(plane1, (yy * p.Stride1) + (xx * bytes), wide) * weight;
                            crAcc += Read(plane2, (yy * p.Stride2) + (xx * bytes), wide) * weight;
                        }
                    }
                }

                float luma = ((yAcc / inside) - p.YOffset) * p.YScale;
                float cb = (cbAcc - 128) * p.CScale, cr = (crAcc - 128) * p.CScale;
                float outside = (1 - inside) * p.PadValue;
                r = (Clamp255(luma + (p.Rv * cr)) * inside) + outside;
                g = (Clamp255(luma + (p.Gu * cb) + (p.Gv * cr)) * inside) + outside;
                b = (Clamp255(luma + (p.Bu * cb)) * inside) + outside;
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

    /// <summary>An 8-bit code, or a little-endian 10-bit code scaled to 8 bits (code/4) so one set of range constants serves both.</summary>
    private static float Read<TImage>(in TImage plane, int offset, bool wide)
        where TImage : struct, IReadOnlyElements<byte>, allows ref struct =>
        wide ? (plane[offset] | (plane[offset + 1] << 8)) * 0.25f : plane[offset];

    private static float Clamp255(float value) => value < 0 ? 0 : value > 255 ? 255 : value;

    private static int ClampIndex(int index, int count) => index < 0 ? 0 : index >= count ? count - 1 : index;
}
