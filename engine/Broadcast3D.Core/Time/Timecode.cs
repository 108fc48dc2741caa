namespace Broadcast3D.Core.Time;

/// <summary>
/// SMPTE ST 12-1 timecode derived from a frame count at a <see cref="FrameRate"/>. Drop-frame counting is used for
/// 29.97 and 59.94 (frame numbers 0–1, or 0–3 at 59.94, are skipped at the start of every minute except each
/// tenth), so that the timecode stays within ~2 frames a day of wall time. Formatting uses ';' for drop-frame.
/// </summary>
public readonly record struct Timecode(int Hours, int Minutes, int Seconds, int Frames, bool DropFrame)
{
    /// <summary>Timecode of frame <paramref name="frameIndex"/> counted from 00:00:00:00; wraps at 24 h.</summary>
    public static Timecode FromFrameIndex(long frameIndex, FrameRate rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameIndex);
        int fps = rate.NominalFramesPerSecond;
        bool drop = rate.IsNtsc && (fps == 30 || fps == 60);
        long n = frameIndex;
        if (drop)
        {
            int dropPerMinute = fps / 15; // 2 at 29.97, 4 at 59.94
            long framesPer10Min = 10L * 60 * fps - 9L * dropPerMinute;
            long framesPerMinute = 60L * fps - dropPerMinute;
            long tens = n / framesPer10Min;
            long rem = n % framesPer10Min;
            n += 9L * dropPerMinute * tens;
            if (rem > dropPerMinute)
                n += dropPerMinute * ((rem - dropPerMinute) / framesPerMinute);
        }
        long framesPerDay = 24L * 3600 * fps;
        n %= framesPerDay;
        int frames = (int)(n % fps);
        long totalSeconds = n / fps;
        return new Timecode((int)(totalSeconds / 3600), (int)(totalSeconds / 60 % 60), (int)(totalSeconds % 60), frames, drop);
    }

    /// <summary>Timecode of the frame that starts at or before <paramref name="seconds"/>.</summary>
    public static Timecode FromTime(Rational seconds, FrameRate rate) => FromFrameIndex(rate.FrameAtOrBefore(seconds), rate);

    public override string ToString() => $"{Hours:00}:{Minutes:00}:{Seconds:00}{(DropFrame ? ';' : ':')}{Frames:00}";
}
