namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// Orders strings so that runs of digits compare by value ("frame2" &lt; "frame10"), other characters ordinally.
/// Used for camera folders and frame files, whose names are numbered without padding by some tools.
/// Thread-safe singleton.
/// </summary>
public sealed class NaturalStringComparer : IComparer<string>
{
    private NaturalStringComparer()
    {
    }

    /// <summary>The comparer.</summary>
    public static NaturalStringComparer Instance { get; } = new();

    /// <inheritdoc/>
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                int si = i, sj = j;
                while (i < x.Length && char.IsAsciiDigit(x[i]))
                {
                    i++;
                }

                while (j < y.Length && char.IsAsciiDigit(y[j]))
                {
                    j++;
                }

                ReadOnlySpan<char> a = x.AsSpan(si, i - si).TrimStart('0'), b = y.AsSpan(sj, j - sj).TrimStart('0');
                if (a.Length != b.Length)
                {
                    return a.Length.CompareTo(b.Length);
                }

                int digits = a.SequenceCompareTo(b);
                if (digits != 0)
                {
                    return digits;
                }

                // Equal values: fewer leading zeros first, so the order stays total.
                int zeros = (i - si).CompareTo(j - sj);
                if (zeros != 0)
                {
                    return zeros;
                }
            }
            else
            {
                int c = x[i].CompareTo(y[j]);
                if (c != 0)
                {
                    return c;
                }

                i++;
                j++;
            }
        }

        return (x.Length - i).CompareTo(y.Length - j);
    }
}
