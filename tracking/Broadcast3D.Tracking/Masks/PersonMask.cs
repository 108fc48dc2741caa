using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Tracking.Masks;

/// <summary>
/// One person's silhouette in one camera image: the pose model's <see cref="Size"/>² person mask
/// (BlazePose's <c>activation_segmentation</c>, probabilities quantised to 0–255) with the crop's tensor → image map
/// (rotation, scale and offset of the pose region), so that any image pixel can be asked whether it lies inside the
/// person. Pixel centres are at integers in both spaces, as in <see cref="Affine2D"/>. The mask is read bilinearly
/// and a pixel is inside at probability ≥ <see cref="Threshold"/>. A crop reaching past the picture edge was padded
/// before inference; pixels outside the picture are never inside.
/// <para>
/// Pooled: the pipeline owns a fixed set of masks and overwrites them every frame set (the storage is allocated
/// once, here). A mask handed out by <c>CameraPoses.Mask</c> is valid until the pipeline's next
/// <c>Process</c>; copy it (<see cref="CopyFrom"/>) to keep it. Not thread-safe to write; concurrent reads are safe
/// while nobody writes.
/// </para>
/// </summary>
public sealed class PersonMask
{
    /// <summary>Side of the mask in tensor pixels (the BlazePose input size).</summary>
    public const int Size = 256;

    /// <summary>Probability at and above which a pixel is the person (MediaPipe's segmentation threshold).</summary>
    public const float Threshold = 0.5f;

    // The threshold on the quantised mask (0.5 × 255 rounded up): Contains and Rasterise compare with it alike.
    private const int ThresholdCode = 128;

    private readonly byte[] _coverage = new byte[Size * Size];

    /// <summary>Whether no pixel of the picture is inside (no mask given, or the model found nobody in the crop).</summary>
    public bool IsEmpty => Bounds.IsEmpty;

    /// <summary>Width of the camera picture the mask belongs to, pixels.</summary>
    public int ImageWidth { get; private set; }

    /// <summary>Height of the camera picture the mask belongs to, pixels.</summary>
    public int ImageHeight { get; private set; }

    /// <summary>Tensor pixel (u, v) → image pixel (x, y): the crop's map.</summary>
    public Affine2D MaskToImage { get; private set; }

    /// <summary>Image pixel (x, y) → tensor pixel (u, v): the inverse of <see cref="MaskToImage"/>.</summary>
    public Affine2D ImageToMask { get; private set; }

    /// <summary>The image pixels that may be inside (every pixel whose centre is inside lies in here), clipped to the picture.</summary>
    public PixelBounds Bounds { get; private set; }

    /// <summary>The mask, row-major <see cref="Size"/> × <see cref="Size"/>, probability × 255 (for kernels that sample it themselves).</summary>
    public ReadOnlySpan<byte> Coverage => _coverage;

    /// <summary>
    /// Takes the model's mask of one crop: <paramref name="probabilities"/> row-major <see cref="Size"/>², values in
    /// [0, 1] (clamped), and the crop's tensor → image map, for a picture of
    /// <paramref name="imageWidth"/> × <paramref name="imageHeight"/> pixels. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">When the mask is not <see cref="Size"/>² or the map is singular.</exception>
    public void Set(ReadOnlySpan<float> probabilities, in Affine2D maskToImage, int imageWidth, int imageHeight)
    {
        if (probabilities.Length != _coverage.Length)
            throw new ArgumentException($"a person mask holds {Size}×{Size} = {_coverage.Length} values, got {probabilities.Length}", nameof(probabilities));
        ArgumentOutOfRangeException.ThrowIfNegative(imageWidth);
        ArgumentOutOfRangeException.ThrowIfNegative(imageHeight);
        Affine2D inverse = Invert(maskToImage);
        Affine2D m = maskToImage;
        // Extremes of the mapped inside pixels: along a row the map is linear in u, so each row's first and last
        // inside pixel bound it.
        double xMin = double.MaxValue, yMin = double.MaxValue, xMax = double.MinValue, yMax = double.MinValue;
        for (int v = 0; v < Size; v++)
        {
            ReadOnlySpan<float> row = probabilities.Slice(v * Size, Size);
            Span<byte> target = _coverage.AsSpan(v * Size, Size);
            int first = -1, last = -1;
            for (int u = 0; u < Size; u++)
            {
                float p = row[u];
                int code = p >= 1 ? 255 : p > 0 ? (int)((p * 255) + 0.5f) : 0;
                target[u] = (byte)code;
                if (code >= ThresholdCode)
                {
                    first = first < 0 ? u : first;
                    last = u;
                }
            }
            if (first < 0)
                continue;
            for (int end = 0; end < 2; end++)
            {
                (double x, double y) = m.Apply(end == 0 ? first : last, v);
                xMin = Math.Min(xMin, x);
                yMin = Math.Min(yMin, y);
                xMax = Math.Max(xMax, x);
                yMax = Math.Max(yMax, y);
            }
        }
        MaskToImage = maskToImage;
        ImageToMask = inverse;
        ImageWidth = imageWidth;
        ImageHeight = imageHeight;
        if (xMin > xMax)
        {
            Bounds = default;
            return;
        }
        // Bilinear reading reaches up to one tensor pixel past the last inside one: grow by its image extent.
        double reachX = Math.Abs(m.M11) + Math.Abs(m.M12), reachY = Math.Abs(m.M21) + Math.Abs(m.M22);
        int x0 = Math.Max(0, (int)Math.Floor(xMin - reachX)), y0 = Math.Max(0, (int)Math.Floor(yMin - reachY));
        int x1 = Math.Min(imageWidth - 1, (int)Math.Ceiling(xMax + reachX)), y1 = Math.Min(imageHeight - 1, (int)Math.Ceiling(yMax + reachY));
        Bounds = x1 < x0 || y1 < y0 ? default : new PixelBounds(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    /// <summary>Empties the mask (nobody inside) for a picture of the given size.</summary>
    public void Clear(int imageWidth, int imageHeight)
    {
        Array.Clear(_coverage);
        ImageWidth = imageWidth;
        ImageHeight = imageHeight;
        MaskToImage = default;
        ImageToMask = default;
        Bounds = default;
    }

    /// <summary>Copies <paramref name="other"/> into this mask (to keep one past the pipeline's next frame set).</summary>
    public void CopyFrom(PersonMask other)
    {
        ArgumentNullException.ThrowIfNull(other);
        other._coverage.CopyTo(_coverage, 0);
        ImageWidth = other.ImageWidth;
        ImageHeight = other.ImageHeight;
        MaskToImage = other.MaskToImage;
        ImageToMask = other.ImageToMask;
        Bounds = other.Bounds;
    }

    /// <summary>Probability (0–1) that image point (<paramref name="x"/>, <paramref name="y"/>) is the person; 0 outside the picture or the crop.</summary>
    public float Probability(double x, double y)
    {
        if (Bounds.IsEmpty || x < -0.5 || y < -0.5 || x >= ImageWidth - 0.5 || y >= ImageHeight - 0.5)
            return 0;
        (double u, double v) = ImageToMask.Apply(x, y);
        return Sample(_coverage, u, v) / 255f;
    }

    /// <summary>Whether image point (<paramref name="x"/>, <paramref name="y"/>) (pixel centres at integers) is inside the person.</summary>
    public bool Contains(double x, double y)
    {
        if (Bounds.IsEmpty || x < -0.5 || y < -0.5 || x >= ImageWidth - 0.5 || y >= ImageHeight - 0.5)
            return false;
        (double u, double v) = ImageToMask.Apply(x, y);
        return Sample(_coverage, u, v) >= ThresholdCode;
    }

    /// <summary>
    /// Marks the person in <paramref name="target"/>, a row-major <paramref name="targetWidth"/> ×
    /// <paramref name="targetHeight"/> picture covering the whole camera picture (any resolution: a target pixel
    /// stands for the image point at its centre): pixels inside become 255, the others are left as they are, so
    /// several people's masks combine into one. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="target"/> is smaller than its stated size.</exception>
    public void Rasterise(Span<byte> target, int targetWidth, int targetHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targetWidth);
        ArgumentOutOfRangeException.ThrowIfNegative(targetHeight);
        if (target.Length < (long)targetWidth * targetHeight)
            throw new ArgumentException($"the target holds {target.Length} bytes, less than {targetWidth}×{targetHeight}", nameof(target));
        if (Bounds.IsEmpty || targetWidth == 0 || targetHeight == 0)
            return;
        double sx = (double)ImageWidth / targetWidth, sy = (double)ImageHeight / targetHeight;
        // Target pixel i covers image [i·sx, (i+1)·sx) in edge coordinates; its centre is at (i + ½)·sx − ½.
        int i0 = Math.Max(0, (int)Math.Floor(Bounds.X / sx)), i1 = Math.Min(targetWidth - 1, (int)Math.Ceiling((Bounds.X + Bounds.Width) / sx));
        int j0 = Math.Max(0, (int)Math.Floor(Bounds.Y / sy)), j1 = Math.Min(targetHeight - 1, (int)Math.Ceiling((Bounds.Y + Bounds.Height) / sy));
        Affine2D m = ImageToMask;
        for (int j = j0; j <= j1; j++)
        {
            double y = ((j + 0.5) * sy) - 0.5;
            Span<byte> row = target.Slice(j * targetWidth, targetWidth);
            for (int i = i0; i <= i1; i++)
            {
                double x = ((i + 0.5) * sx) - 0.5;
                double u = (m.M11 * x) + (m.M12 * y) + m.M13, v = (m.M21 * x) + (m.M22 * y) + m.M23;
                if (Sample(_coverage, u, v) >= ThresholdCode)
                    row[i] = 255;
            }
        }
    }

    /// <summary>Bilinear read of the quantised mask at tensor point (u, v); 0 beyond the crop.</summary>
    private static float Sample(byte[] coverage, double u, double v)
    {
        if (u <= -1 || v <= -1 || u >= Size || v >= Size)
            return 0;
        int u0 = (int)Math.Floor(u), v0 = (int)Math.Floor(v);
        float fu = (float)(u - u0), fv = (float)(v - v0);
        float a = Read(coverage, u0, v0), b = Read(coverage, u0 + 1, v0), c = Read(coverage, u0, v0 + 1), d = Read(coverage, u0 + 1, v0 + 1);
        return ((a + ((b - a) * fu)) * (1 - fv)) + ((c + ((d - c) * fu)) * fv);
    }

    private static float Read(byte[] coverage, int u, int v) =>
        (uint)u < Size && (uint)v < Size ? coverage[(v * Size) + u] : 0;

    private static Affine2D Invert(in Affine2D m)
    {
        double det = (m.M11 * m.M22) - (m.M12 * m.M21);
        if (!(Math.Abs(det) > 1e-12))
            throw new ArgumentException("the crop map is singular (a region of side 0?)", nameof(m));
        double a = m.M22 / det, b = -m.M12 / det, c = -m.M21 / det, d = m.M11 / det;
        return new Affine2D(a, b, -((a * m.M13) + (b * m.M23)), c, d, -((c * m.M13) + (d * m.M23)));
    }
}
