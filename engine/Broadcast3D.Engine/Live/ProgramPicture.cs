using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// One programme picture (BGRA, program size) with the capture time it shows and when it was ingested. Slots are
/// created once and reused (triple buffer, delay line). Not thread-safe: one owner at a time.
/// </summary>
public sealed class ProgramPicture(int width, int height)
{
    /// <summary>Width, pixels.</summary>
    public int Width { get; } = width;

    /// <summary>Height, pixels.</summary>
    public int Height { get; } = height;

    /// <summary>BGRA bytes, 4·<see cref="Width"/> per row.</summary>
    public byte[] Pixels { get; } = new byte[width * height * 4];

    /// <summary>Capture time of the frame shown, seconds on the sync time line.</summary>
    public Rational Time { get; set; }

    /// <summary>Stopwatch ticks when the frame set left the sync stage.</summary>
    public long IngestTimestamp { get; set; }

    /// <summary>Size of the camera picture this was scaled from (projection through the calibration is in its pixels).</summary>
    public int SourceWidth { get; set; }

    /// <summary>Source height, pixels.</summary>
    public int SourceHeight { get; set; }

    /// <summary>False while no camera frame has been shown (black).</summary>
    public bool HasFrame { get; set; }

    /// <summary>Copies everything from <paramref name="other"/> (same size).</summary>
    public void CopyFrom(ProgramPicture other)
    {
        ArgumentNullException.ThrowIfNull(other);
        other.Pixels.CopyTo(Pixels, 0);
        Time = other.Time;
        IngestTimestamp = other.IngestTimestamp;
        HasFrame = other.HasFrame;
        SourceWidth = other.SourceWidth;
        SourceHeight = other.SourceHeight;
    }
}
