using System.Globalization;
using System.Text.RegularExpressions;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// The per-thread cost lines of one <c>b3d run</c> report (<c>ThreadCost.ToString</c> in Core: "cpu channel thread:
/// 1.52 ms/frame, 78 B/frame (450 frames); whole process 15.71 ms/frame"), keyed by role.
/// </summary>
internal sealed partial class LiveCostFigures
{
    private LiveCostFigures(Dictionary<string, (double CpuMs, double Bytes, double? ProcessMs)> roles) => Roles = roles;

    /// <summary>Role → CPU ms per frame, bytes allocated per frame, whole-process CPU ms per frame (the pacing thread's line only).</summary>
    public IReadOnlyDictionary<string, (double CpuMs, double Bytes, double? ProcessMs)> Roles { get; }

    public static LiveCostFigures Parse(string report)
    {
        var roles = new Dictionary<string, (double, double, double?)>(StringComparer.Ordinal);
        foreach (Match m in Line().Matches(report))
        {
            double? process = m.Groups["process"].Success ? double.Parse(m.Groups["process"].Value, CultureInfo.InvariantCulture) : null;
            roles[m.Groups["role"].Value] = (double.Parse(m.Groups["cpu"].Value, CultureInfo.InvariantCulture),
                double.Parse(m.Groups["bytes"].Value, CultureInfo.InvariantCulture), process);
        }
        // The baseline probe of today's code (branch baseline-probe) prints the process on a line of its own.
        Match whole = ProbeProcessLine().Match(report);
        if (whole.Success && roles.TryGetValue("channel", out var channel) && channel.Item3 is null)
            roles["channel"] = channel with { Item3 = double.Parse(whole.Groups[1].Value, CultureInfo.InvariantCulture) };
        return new LiveCostFigures(roles);
    }

    [GeneratedRegex(@"^cpu (?<role>.+?) thread: (?<cpu>[\d.]+) ms/frame, (?<bytes>\d+) B/frame \(\d+ frames\)(?:; whole process (?<process>[\d.]+) ms/frame)?(?:; \d+ state changes, \d+ B apart)?\r?$", RegexOptions.Multiline)]
    private static partial Regex Line();

    [GeneratedRegex(@"^cpu whole process: ([\d.]+) ms/programme tick", RegexOptions.Multiline)]
    private static partial Regex ProbeProcessLine();
}
