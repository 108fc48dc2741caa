using System.Diagnostics;
using Broadcast3D.Engine.Control;
using Broadcast3D.Media;

namespace Broadcast3D.Control;

/// <summary>
/// One preview source (the programme, a camera) as a scaled JPEG. A picture is read back from the channel at most
/// twice a second (<see cref="MaxAge"/>) by <paramref name="read"/>; requests in between get the last one, so a wall
/// of panels costs the channel no more than one per source. Scaling is an area average (no aliasing of thin skeleton
/// lines); encoding is FFmpeg's (<see cref="ImageFile"/>), once per picture and width. Thread-safe.
/// </summary>
public sealed class PreviewCache(Func<Task<PreviewPicture>> read)
{
    /// <summary>How long a read-back picture is served before the channel is asked again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(500);

    /// <summary>Widest preview served, pixels (a multiviewer tile, not a monitoring feed).</summary>
    public const int MaxWidth = 640;

    private readonly Func<Task<PreviewPicture>> _read = read ?? throw new ArgumentNullException(nameof(read));
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PreviewPicture? _last;
    // The JPEGs made of _last, by width: a wall of panels asking the same size costs one scale and encode per picture.
    private readonly Dictionary<int, byte[]> _encoded = [];
    private long _lastTimestamp;

    /// <summary>JPEG bytes of the source <paramref name="width"/> pixels wide at most (height in proportion) and the programme frame it was taken at.</summary>
    /// <exception cref="ControlUnavailableException">The programme is not running, or the source has no picture.</exception>
    /// <exception cref="TimeoutException">The channel did not draw a frame within 2 s.</exception>
    public async Task<(byte[] Jpeg, long Frame)> JpegAsync(int width, CancellationToken cancellation)
    {
        await _gate.WaitAsync(cancellation);
        try
        {
            if (_last is null || Stopwatch.GetElapsedTime(_lastTimestamp) > MaxAge)
            {
                _last = await _read().WaitAsync(TimeSpan.FromSeconds(2), cancellation);
                _lastTimestamp = Stopwatch.GetTimestamp();
                _encoded.Clear();
            }
            int w = Math.Min(width, _last.Width);
            if (!_encoded.TryGetValue(w, out byte[]? jpeg))
            {
                // Bounded: at most one entry per width the API accepts (16–640), and cleared with each new picture.
                _encoded[w] = jpeg = await EncodeAsync(_last, w, cancellation);
            }
            return (jpeg, _last.Frame);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<byte[]> EncodeAsync(PreviewPicture picture, int width, CancellationToken cancellation)
    {
        int height = Math.Max(2, (int)Math.Round((double)picture.Height * width / picture.Width));
        byte[] scaled = Scale(picture, width, height);
        string file = Path.Combine(Path.GetTempPath(), $"b3d-preview-{Guid.NewGuid():N}.jpg");
        try
        {
            ImageFile.WriteRgba(file, width, height, scaled, width * 4, jpegQuality: 80);
            return await File.ReadAllBytesAsync(file, cancellation);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Area average of <paramref name="picture"/> into <paramref name="width"/>×<paramref name="height"/> RGBA.</summary>
    private static byte[] Scale(PreviewPicture picture, int width, int height)
    {
        byte[] output = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        {
            int y0 = y * picture.Height / height, y1 = Math.Max(y0 + 1, (y + 1) * picture.Height / height);
            for (int x = 0; x < width; x++)
            {
                int x0 = x * picture.Width / width, x1 = Math.Max(x0 + 1, (x + 1) * picture.Width / width);
                int r = 0, g = 0, b = 0, n = (x1 - x0) * (y1 - y0);
                for (int sy = y0; sy < y1; sy++)
                {
                    int row = sy * picture.Width * 4;
                    for (int sx = x0; sx < x1; sx++)
                    {
                        int i = row + (sx * 4);
                        (r, g, b) = (r + picture.Rgba[i], g + picture.Rgba[i + 1], b + picture.Rgba[i + 2]);
                    }
                }
                int o = ((y * width) + x) * 4;
                (output[o], output[o + 1], output[o + 2], output[o + 3]) = ((byte)(r / n), (byte)(g / n), (byte)(b / n), 255);
            }
        }
        return output;
    }
}
