using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Tracking.Biomechanics;

/// <summary>
/// Foot contacts, jumps and gait figures from marker heights (Y-up, metres). A foot's height is the lowest of its
/// heel, big toe and ankle; the ground is the 5th percentile of both feet's heights over the trial; a foot is in
/// contact when it is within <see cref="ContactThresholdMetres"/> of the ground. A jump is a run of at least
/// <see cref="MinFlightSeconds"/> with both feet off in which the centre of mass rises at least half the height the
/// flight time implies (otherwise the feet only hover over the estimated ground): take-off is its first frame, landing the first contact after;
/// height from flight time h = g·t²/8, and from the rise of the centre of mass (its highest point in flight minus its
/// height at take-off). The movement is gait/running when the mid-hip's net horizontal progression speed exceeds
/// <see cref="GaitSpeedMetresPerSecond"/>; then stride length (same-foot contact starts, horizontal heel distance),
/// cadence (contact starts of both feet per minute) and mean ground contact time are given. Stateless.
/// </summary>
public static class MovementEvents
{
    /// <summary>Height above the ground under which a foot is in contact, metres (markers sit a few cm above the sole).</summary>
    public const double ContactThresholdMetres = 0.03;

    /// <summary>Shortest flight counted as a jump, seconds (shorter gaps are noise or running flight).</summary>
    public const double MinFlightSeconds = 0.1;

    /// <summary>Mean horizontal mid-hip speed above which the movement is treated as gait or running, m/s.</summary>
    public const double GaitSpeedMetresPerSecond = 0.5;

    private const double Gravity = 9.81;

    /// <summary>Detects events; <paramref name="com"/> is the centre of mass per frame (may hold NaN).</summary>
    public static MovementEventSummary Detect(MarkerSet markers, int frames, double rate, IReadOnlyList<Vector3d> com)
    {
        ArgumentNullException.ThrowIfNull(markers);
        ArgumentNullException.ThrowIfNull(com);
        double[] right = FootHeight(markers, "R", frames), left = FootHeight(markers, "L", frames);
        double[] all = [.. right.Concat(left).Where(double.IsFinite).Order()];
        double ground = all.Length == 0 ? double.NaN : all[(int)(0.05 * (all.Length - 1))];
        bool[] rOn = [.. right.Select(h => double.IsFinite(h) && h < ground + ContactThresholdMetres)];
        bool[] lOn = [.. left.Select(h => double.IsFinite(h) && h < ground + ContactThresholdMetres)];
        var contacts = new List<FootContact>();
        contacts.AddRange(Runs(rOn).Select(r => new FootContact("right", r.Start / rate, r.End / rate, r.Start, r.End)));
        contacts.AddRange(Runs(lOn).Select(r => new FootContact("left", r.Start / rate, r.End / rate, r.Start, r.End)));
        contacts.Sort((a, b) => a.StartSeconds.CompareTo(b.StartSeconds));

        var jumps = new List<Jump>();
        bool[] airborne = [.. Enumerable.Range(0, frames).Select(f => double.IsFinite(right[f]) && double.IsFinite(left[f]) && !rOn[f] && !lOn[f])];
        foreach ((int start, int end) in Runs(airborne))
        {
            if (start == 0 || end >= frames || (end - start) / rate < MinFlightSeconds)
            {
                continue; // a flight must start and end inside the trial
            }

            double flight = (end - start) / rate;
            double rise = double.NaN;
            if (double.IsFinite(com[start].Y))
            {
                double top = Enumerable.Range(start, end - start).Select(f => com[f].Y).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
                rise = top - com[start].Y;
            }

            double fromFlight = Gravity * flight * flight / 8;
            if (double.IsFinite(rise) && rise < 0.5 * fromFlight)
            {
                continue; // feet hovering over the ground (markerless noise, a lifted foot) while the body does not rise
            }

            jumps.Add(new Jump(start / rate, end / rate, flight, fromFlight, rise));
        }

        GaitSummary? gait = null;
        double speed = MeanHorizontalSpeed(markers, frames, rate);
        if (speed > GaitSpeedMetresPerSecond)
        {
            var strides = new List<double>();
            foreach (string foot in new[] { "right", "left" })
            {
                string heel = foot == "right" ? "RHeel" : "LHeel";
                var starts = contacts.Where(c => c.Foot == foot && c.StartFrame > 0).ToList();
                for (int i = 1; i < starts.Count; i++)
                {
                    Vector3d a = markers.Get(heel, starts[i - 1].StartFrame), b = markers.Get(heel, starts[i].StartFrame);
                    strides.Add(Math.Sqrt(Math.Pow(b.X - a.X, 2) + Math.Pow(b.Z - a.Z, 2)));
                }
            }

            var steps = contacts.Where(c => c.StartFrame > 0).Select(c => c.StartSeconds).ToList();
            double cadence = steps.Count >= 2 ? 60.0 * (steps.Count - 1) / (steps[^1] - steps[0]) : double.NaN;
            var complete = contacts.Where(c => c.StartFrame > 0 && c.EndFrame < frames).ToList();
            gait = new GaitSummary(speed, [.. strides], cadence, complete.Count > 0 ? complete.Average(c => c.DurationSeconds) : double.NaN);
        }

        return new MovementEventSummary(ground, speed, contacts, jumps, gait);
    }

    private static double[] FootHeight(MarkerSet markers, string side, int frames) =>
        [.. Enumerable.Range(0, frames).Select(f => new[] { "Heel", "BigToe", "Ankle" }
            .Select(n => markers.Get(side + n, f).Y).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min())];

    // Net horizontal progression of the mid-hip (first to last valid frame) over that time: swaying on the spot,
    // which a path length would count, gives no speed. Treadmill gait therefore reads as "other".
    private static double MeanHorizontalSpeed(MarkerSet markers, int frames, double rate)
    {
        int first = -1, last = -1;
        for (int f = 0; f < frames; f++)
        {
            if (BvhSkeletonFitter.Valid(MidHip(markers, f)))
            {
                first = first < 0 ? f : first;
                last = f;
            }
        }

        if (last <= first)
        {
            return double.NaN;
        }

        Vector3d a = MidHip(markers, first), b = MidHip(markers, last);
        return Math.Sqrt(Math.Pow(b.X - a.X, 2) + Math.Pow(b.Z - a.Z, 2)) * rate / (last - first);
    }

    private static Vector3d MidHip(MarkerSet markers, int f) => 0.5 * (markers.Get("RHip", f) + markers.Get("LHip", f));

    // Runs of true as [start, end) frame ranges.
    private static IEnumerable<(int Start, int End)> Runs(bool[] on)
    {
        int start = -1;
        for (int f = 0; f <= on.Length; f++)
        {
            bool v = f < on.Length && on[f];
            if (v && start < 0)
            {
                start = f;
            }
            else if (!v && start >= 0)
            {
                yield return (start, f);
                start = -1;
            }
        }
    }
}
