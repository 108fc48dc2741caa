namespace Broadcast3D.Core.Time;

/// <summary>
/// A frame rate as an exact fraction of frames per second, e.g. <c>new FrameRate(60000, 1001)</c> for 59.94.
/// Frame n starts at exactly <c>n · Denominator / Numerator</c> seconds: deadlines are computed from the integer
/// frame count, never by adding a rounded period.
/// </summary>
public readonly record struct FrameRate
{
    /// <summary>Creates a rate; both parts must be positive.</summary>
    public FrameRate(int numerator, int denominator)
    {
        if (numerator <= 0 || denominator <= 0)
            throw new ArgumentOutOfRangeException(nameof(numerator), $"frame rate {numerator}/{denominator} must be positive");
        Numerator = numerator;
        Denominator = denominator;
    }

    public int Numerator { get; }
    public int Denominator { get; }

    /// <summary>Frames per second as a fraction.</summary>
    public Rational PerSecond => new(Numerator, Denominator);

    /// <summary>One frame's duration in seconds, exact.</summary>
    public Rational FrameDuration => new(Denominator, Numerator);

    /// <summary>Start time of frame <paramref name="frameIndex"/> in seconds, exact.</summary>
    public Rational TimeOfFrame(long frameIndex) => new Rational(Denominator, Numerator).Multiply(frameIndex);

    /// <summary>Index of the frame whose period contains <paramref name="seconds"/> (floor).</summary>
    public long FrameAtOrBefore(Rational seconds) => (seconds * PerSecond).Floor();

    /// <summary>Index of the frame whose start is nearest to <paramref name="seconds"/>.</summary>
    public long NearestFrame(Rational seconds) => (seconds * PerSecond).Round();

    /// <summary>Frames per second as a double, for display.</summary>
    public double ToDouble() => (double)Numerator / Denominator;

    /// <summary>True for the NTSC-family rates (x000/1001) that use drop-frame timecode at 29.97 and 59.94.</summary>
    public bool IsNtsc => Denominator == 1001 && Numerator % 1000 == 0;

    /// <summary>Nominal integer rate used for timecode counting (30 for 29.97, 60 for 59.94).</summary>
    public int NominalFramesPerSecond => (int)Math.Round((double)Numerator / Denominator);

    public static FrameRate Fps23_976 => new(24000, 1001);
    public static FrameRate Fps25 => new(25, 1);
    public static FrameRate Fps29_97 => new(30000, 1001);
    public static FrameRate Fps30 => new(30, 1);
    public static FrameRate Fps50 => new(50, 1);
    public static FrameRate Fps59_94 => new(60000, 1001);
    public static FrameRate Fps60 => new(60, 1);

    /// <summary>Parses "60", "59.94", "60000/1001" or "29.97"; throws <see cref="FormatException"/> naming the text.</summary>
    public static FrameRate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        int slash = t.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && int.TryParse(t.AsSpan(0, slash), out int n) && int.TryParse(t.AsSpan(slash + 1), out int d) && n > 0 && d > 0)
            return new FrameRate(n, d);
        if (double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) && v > 0)
        {
            // The NTSC rates are written rounded (29.97, 59.94, 23.976): map them to their exact x000/1001 value.
            double ntsc = v * 1.001;
            if (Math.Abs(ntsc - Math.Round(ntsc)) < 0.01 && Math.Abs(v - Math.Round(v)) > 0.001)
                return new FrameRate((int)Math.Round(ntsc) * 1000, 1001);
            if (Math.Abs(v - Math.Round(v)) < 1e-9)
                return new FrameRate((int)Math.Round(v), 1);
        }
        throw new FormatException($"'{text}' is not a frame rate: use an integer (60), an NTSC rate (59.94) or a fraction (60000/1001)");
    }

    public override string ToString() => Denominator == 1 ? $"{Numerator}" : $"{Numerator}/{Denominator}";
}
