using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Tracking.Evaluation;

/// <summary>
/// Distance between two TRC results of the same capture, over the markers both name and the frames where both
/// have the point: median, 90th percentile and maximum in millimetres, overall and per marker. Immutable.
/// </summary>
public sealed record TrcAgreement(int Points, double MedianMillimetres, double P90Millimetres, double MaxMillimetres,
    IReadOnlyDictionary<string, double> MedianMillimetresByMarker)
{
    /// <summary>
    /// Compares <paramref name="ours"/> with <paramref name="reference"/> frame by frame (frame i with frame i; both
    /// must be in metres, same axes). Markers only one side has, and NaN points, are left out.
    /// </summary>
    /// <exception cref="ArgumentException">Units other than metres, or no point in common.</exception>
    public static TrcAgreement Compare(TrcData ours, TrcData reference)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(reference);
        if (ours.Units != "m" || reference.Units != "m")
            throw new ArgumentException($"both TRC must be in metres (ours: {ours.Units}, reference: {reference.Units})");
        int frames = Math.Min(ours.FrameCount, reference.FrameCount);
        var all = new List<double>();
        var byMarker = new Dictionary<string, double>();
        for (int m = 0; m < ours.MarkerCount; m++)
        {
            int r = IndexOf(reference.MarkerNames, ours.MarkerNames[m]);
            if (r < 0)
                continue;
            var distances = new List<double>();
            for (int f = 0; f < frames; f++)
            {
                double dx = ours[f, m, 0] - reference[f, r, 0], dy = ours[f, m, 1] - reference[f, r, 1], dz = ours[f, m, 2] - reference[f, r, 2];
                double d = Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz)) * 1000.0;
                if (!double.IsNaN(d))
                    distances.Add(d);
            }
            if (distances.Count == 0)
                continue;
            byMarker[ours.MarkerNames[m]] = Percentile(distances, 0.5);
            all.AddRange(distances);
        }
        if (all.Count == 0)
            throw new ArgumentException("the two TRC results have no marker and frame in common");
        return new TrcAgreement(all.Count, Percentile(all, 0.5), Percentile(all, 0.9), all.Max(), byMarker);
    }

    /// <summary>Linear-interpolated percentile (numpy's default) of <paramref name="values"/>; sorts the list.</summary>
    public static double Percentile(List<double> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            return double.NaN;
        values.Sort();
        double pos = q * (values.Count - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, values.Count - 1);
        return values[lo] + ((values[hi] - values[lo]) * (pos - lo));
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
                return i;
        }
        return -1;
    }
}
