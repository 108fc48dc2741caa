using System.Globalization;
using System.Text;

namespace Broadcast3D.Renderer.Text;

/// <summary>
/// Splits a label into runs of one direction, in visual order. A reduced Unicode bidirectional algorithm (.NET has
/// no bidi API and ICU is not a dependency) that is exact for broadcast labels (names or a few words per script,
/// numbers, punctuation): Hebrew, Arabic, Syriac, Thaana and N'Ko letters are right-to-left (R); other letters and
/// all digits left-to-right (L); combining marks take the class of their base; spaces and punctuation (neutrals)
/// between two runs of one direction take it, otherwise the paragraph's (rules W1, N1, N2). The paragraph takes the
/// direction of its first strong character (P2, P3); a right-to-left paragraph lists its runs right to left.
/// Explicit embeddings and isolates are not supported.
/// </summary>
internal static class TextDirection
{
    private const sbyte Ltr = 0, Rtl = 1, Neutral = -1;

    /// <summary>Fills <paramref name="runs"/> with (UTF-16 start, length, right-to-left) of <paramref name="text"/>, in visual order.</summary>
    public static void Runs(string text, List<(int Start, int Length, bool RightToLeft)> runs)
    {
        runs.Clear();
        if (text.Length == 0)
            return;
        sbyte[] classes = new sbyte[text.Length];
        sbyte paragraph = Neutral, previous = Neutral;
        for (int i = 0; i < text.Length;)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out Rune rune, out int used);
            UnicodeCategory category = Rune.GetUnicodeCategory(rune);
            sbyte c = category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark ? previous : Classify(rune, category);
            classes.AsSpan(i, used).Fill(c);
            if (paragraph == Neutral)
                paragraph = c;
            previous = c;
            i += used;
        }
        if (paragraph == Neutral)
            paragraph = Ltr;
        for (int i = 0; i < classes.Length;)
        {
            if (classes[i] != Neutral)
            {
                i++;
                continue;
            }
            int end = i;
            while (end < classes.Length && classes[end] == Neutral)
                end++;
            sbyte before = i > 0 ? classes[i - 1] : paragraph, after = end < classes.Length ? classes[end] : paragraph;
            classes.AsSpan(i, end - i).Fill(before == after ? before : paragraph);
            i = end;
        }
        int start = 0;
        for (int i = 1; i <= classes.Length; i++)
        {
            if (i == classes.Length || classes[i] != classes[start])
            {
                runs.Add((start, i - start, classes[start] == Rtl));
                start = i;
            }
        }
        if (paragraph == Rtl)
            runs.Reverse();
    }

    private static sbyte Classify(Rune rune, UnicodeCategory category)
    {
        if (category is UnicodeCategory.DecimalDigitNumber)
            return Ltr; // numbers read left to right, also inside Arabic or Hebrew text
        if (!Rune.IsLetter(rune))
            return Neutral;
        int c = rune.Value;
        bool rightToLeft = c is >= 0x0590 and <= 0x08FF or >= 0xFB1D and <= 0xFDFF or >= 0xFE70 and <= 0xFEFF
            or >= 0x10800 and <= 0x10FFF or >= 0x1E800 and <= 0x1EFFF;
        return rightToLeft ? Rtl : Ltr;
    }
}
