using System.Globalization;
using System.Text;

namespace Broadcast3D.Renderer.Text;

/// <summary>
/// Splits a label into runs of one direction, in visual order. A simplification of the Unicode bidirectional
/// algorithm (no ICU in .NET) that is exact for broadcast labels, a name or a few words of one script with
/// numbers and punctuation: Hebrew, Arabic, Syriac, Thaana and N'Ko letters are right-to-left, other letters and
/// digits left-to-right, spaces and punctuation join the run before them. The paragraph takes the direction of its
/// first strong character; in a right-to-left paragraph the runs are laid out right to left.
/// </summary>
internal static class TextDirection
{
    /// <summary>Appends the runs of <paramref name="text"/> as (UTF-16 start, length, right-to-left), in visual order.</summary>
    public static void Runs(string text, List<(int Start, int Length, bool RightToLeft)> runs)
    {
        runs.Clear();
        int start = 0;
        bool? current = null;
        bool? paragraph = null;
        int i = 0;
        while (i < text.Length)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out Rune rune, out int used);
            bool? strong = Strong(rune);
            paragraph ??= strong;
            if (strong != null && current != null && strong != current)
            {
                runs.Add((start, i - start, current.Value));
                start = i;
            }
            current = strong ?? current;
            i += used;
        }
        if (text.Length > start)
            runs.Add((start, text.Length - start, current ?? false));
        if (paragraph == true)
            runs.Reverse();
    }

    private static bool? Strong(Rune rune)
    {
        int c = rune.Value;
        if (c is >= 0x0590 and <= 0x08FF or >= 0xFB1D and <= 0xFDFF or >= 0xFE70 and <= 0xFEFF or >= 0x10800 and <= 0x10FFF or >= 0x1E800 and <= 0x1EFFF)
        {
            // Arabic-Indic digits read left to right even inside Arabic text.
            return Rune.GetUnicodeCategory(rune) is UnicodeCategory.DecimalDigitNumber ? false
                : Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark ? null : true;
        }
        return Rune.IsLetterOrDigit(rune) ? false : null;
    }
}
