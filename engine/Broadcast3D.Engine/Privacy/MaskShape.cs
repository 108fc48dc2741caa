using System.Numerics;
using Broadcast3D.Tracking.Masks;

namespace Broadcast3D.Engine.Privacy;

/// <summary>
/// A person's silhouette as the blur region (issue #21: "the person's mask where the pose model gives one, else the
/// box"): the pose model's mask (<see cref="PersonMask"/>, BlazePose) measured into <see cref="Slices"/> horizontal
/// slices of the person's extent (their box and the mask's bounds together: hair and hands reach past the
/// keypoints' box), each slice the mask's leftmost to rightmost pixel in it, then blurred as one rectangle per
/// slice dilated by <see cref="DilationFraction"/> of the extent's height on every side. Slices rather than the
/// mask itself because the GPU blur takes rectangles (at most 16 a picture) and the shape travels, small and fixed
/// in size, from the tracking thread (the mask is the pose pipeline's, reused at its next frame set) through the
/// live interpolator and into the recording's index. Six slices follow a standing or running body (head, trunk,
/// legs); between two outstretched arms or legs the slice still covers the gap, which is the safe error.
/// The shape's layout: the extent's top and bottom (y0, y1, pixels), then (x0, x1) per slice from the top, NaN
/// for a slice holding none of the person. Stateless; allocates nothing.
/// </summary>
public static class MaskShape
{
    /// <summary>Horizontal slices a person is cut into.</summary>
    public const int Slices = 6;

    /// <summary>Floats of one shape: the extent's top and bottom, then (x0, x1) per slice.</summary>
    public const int Floats = 2 + (2 * Slices);

    /// <summary>
    /// Dilation on every side of each slice's rectangle, as a fraction of the person's height (3 %: about 5 cm on an
    /// adult): the mask's edge is soft at the model's 256² resolution, and the slices are sampled on a grid.
    /// </summary>
    public const float DilationFraction = 0.03f;

    // Samples per slice down and across the extent: a step of at most a 64th of the person's width, well inside the dilation.
    private const int RowsPerSlice = 8, Columns = 64;

    /// <summary>
    /// Measures <paramref name="mask"/> of the person in <paramref name="box"/> (x, y, width, height, pixels) into
    /// <paramref name="shape"/> (<see cref="Floats"/> values); false, and the shape all NaN, when the mask holds
    /// nobody (the box stands for the person then).
    /// </summary>
    public static bool Measure(PersonMask mask, Vector4 box, Span<float> shape)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.Length, Floats);
        shape[..Floats].Fill(float.NaN);
        if (mask.IsEmpty)
            return false;
        PixelBounds b = mask.Bounds;
        float x0 = MathF.Min(box.X, b.X), y0 = MathF.Min(box.Y, b.Y);
        float x1 = MathF.Max(box.X + box.Z, b.X + b.Width), y1 = MathF.Max(box.Y + box.W, b.Y + b.Height);
        float sliceHeight = (y1 - y0) / Slices, columnStep = MathF.Max(1, (x1 - x0) / Columns);
        bool any = false;
        for (int s = 0; s < Slices; s++)
        {
            float left = float.MaxValue, right = float.MinValue;
            for (int r = 0; r < RowsPerSlice; r++)
            {
                float y = y0 + ((s + ((r + 0.5f) / RowsPerSlice)) * sliceHeight);
                for (float x = x0; x <= x1; x += columnStep)
                {
                    if (!mask.Contains(x, y))
                        continue;
                    left = MathF.Min(left, x);
                    right = MathF.Max(right, x);
                }
            }
            if (left > right)
                continue;
            // A sample stands for the step around it.
            shape[2 + (2 * s)] = left - columnStep;
            shape[3 + (2 * s)] = right + columnStep;
            any = true;
        }
        if (!any)
        {
            shape[..Floats].Fill(float.NaN);
            return false;
        }
        (shape[0], shape[1]) = (y0, y1);
        return true;
    }

    /// <summary>Whether <paramref name="shape"/> holds a measured person (not all NaN).</summary>
    public static bool IsMeasured(ReadOnlySpan<float> shape) => shape.Length >= Floats && !float.IsNaN(shape[0]);

    /// <summary>
    /// Writes the dilated rectangle (x, y, width, height) of each slice of <paramref name="shape"/> that holds the
    /// person into <paramref name="destination"/> (as many as fit); returns how many.
    /// </summary>
    public static int Regions(ReadOnlySpan<float> shape, Span<Vector4> destination)
    {
        if (!IsMeasured(shape))
            return 0;
        float y0 = shape[0], height = shape[1] - shape[0], sliceHeight = height / Slices, d = DilationFraction * height;
        int n = 0;
        for (int s = 0; s < Slices && n < destination.Length; s++)
        {
            float left = shape[2 + (2 * s)], right = shape[3 + (2 * s)];
            if (float.IsNaN(left))
                continue;
            destination[n++] = new Vector4(left - d, y0 + (s * sliceHeight) - d, right - left + (2 * d), sliceHeight + (2 * d));
        }
        return n;
    }
}
