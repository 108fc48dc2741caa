using System.Globalization;
using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Replay;

/// <summary>
/// A time given to a replay command: a timecode <c>HH:MM:SS:FF</c> (<c>;</c> before the frames: drop-frame, at 29.97
/// and 59.94) counted at the recording's frame rate, or seconds such as <c>12.5s</c>, both on the cameras' capture
/// timeline (the times <c>b3d replay list</c> shows). Immutable.
/// </summary>
public readonly record struct ReplayTime
{
    private readonly Timecode? _timecode;
    private readonly Rational _seconds;

    private ReplayTime(Timecode? timecode, Rational seconds, string text)
    {
        _timecode = timecode;
        _seconds = seconds;
        Text = text;
    }

    /// <summary>As the user wrote it.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; <paramref name="option"/> names the option in the error.</summary>
    /// <exception cref="ReplayException">Neither a timecode nor seconds (the message shows both forms).</exception>
    public static ReplayTime Parse(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (t.EndsWith('s') && decimal.TryParse(t[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal seconds))
        {
            // Decimal keeps what was typed exactly (12.5 is 25/2, not a binary fraction).
            long scale = 1;
            while (decimal.Truncate(seconds * scale) != seconds * scale && scale < 1_000_000_000)
                scale *= 10;
            return new ReplayTime(null, new Rational((long)(seconds * scale), scale), text);
        }
        string[] parts = t.Split(':', ';');
        bool drop = t.Contains(';', StringComparison.Ordinal);
        if (parts.Length == 4 && parts.All(p => p.Length is 1 or 2 && p.All(char.IsAsciiDigit)))
        {
            int[] v = [.. parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
            if (v[1] < 60 && v[2] < 60)
                return new ReplayTime(new Timecode(v[0], v[1], v[2], v[3], drop), Rational.Zero, text);
        }
        throw new ReplayException($"{option} '{text}': not a time; give a timecode HH:MM:SS:FF (e.g. 00:01:02:30) or seconds (e.g. 12.5s)");
    }

    /// <summary>Seconds on the capture timeline at <paramref name="rate"/> (the recording's frame rate).</summary>
    /// <exception cref="ReplayException">The frame number is not below the rate's frames per second.</exception>
    public Rational Seconds(FrameRate rate)
    {
        if (_timecode is not { } tc)
            return _seconds;
        int fps = rate.NominalFramesPerSecond;
        if (tc.Frames >= fps)
            throw new ReplayException($"timecode {Text}: frame {tc.Frames} does not exist at {rate} fps (frames 00–{fps - 1:00})");
        long frame = ((((tc.Hours * 60L) + tc.Minutes) * 60) + tc.Seconds) * fps + tc.Frames;
        if (tc.DropFrame && rate.IsNtsc && fps is 30 or 60)
        {
            // Drop-frame labels skip fps/15 numbers at each minute but every tenth: take them back out.
            long minutes = (tc.Hours * 60L) + tc.Minutes;
            frame -= fps / 15 * (minutes - (minutes / 10));
        }
        return rate.TimeOfFrame(frame);
    }

    public override string ToString() => Text;
}
