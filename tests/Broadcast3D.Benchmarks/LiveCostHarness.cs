using System.Globalization;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// Issue #12's "CPU time per programme frame on the ingest + channel threads" and "bytes allocated per frame on every
/// live thread", as a ratio of two builds of <c>b3d</c> measured in the same session, runs alternating so both see the
/// same machine load: <c>dotnet run -c Release --project tests/Broadcast3D.Benchmarks -- live-cost --baseline
/// OLD/b3d.dll --candidate NEW/b3d.dll [--runs 3] [--frames 600] [--full-size]</c>. Each run is <c>b3d run</c> on the
/// 4 Balancing cameras as looping file cameras (<see cref="LiveCostRig"/>); a build reports its threads' costs with
/// Core's <c>ThreadCostBook</c> lines (the baseline: branch <c>baseline-probe</c>, today's code instrumented). The
/// figures are medians over the runs; CPU time is per thread (clock_gettime), so other processes' load changes them
/// less than wall time, but the machine and load average are printed with them.
/// </summary>
internal static class LiveCostHarness
{
    public static int Run(string[] args)
    {
        string? baseline = Option(args, "--baseline"), candidate = Option(args, "--candidate");
        int runs = int.Parse(Option(args, "--runs") ?? "3", CultureInfo.InvariantCulture);
        int frames = int.Parse(Option(args, "--frames") ?? "600", CultureInfo.InvariantCulture);
        bool fullSize = args.Contains("--full-size");
        if (baseline is null || candidate is null || !File.Exists(baseline) || !File.Exists(candidate))
        {
            Console.Error.WriteLine("live-cost: give --baseline and --candidate, each the b3d.dll of a published build " +
                                    "(./b3d publishes to artifacts/b3d-cli/b3d.dll): " +
                                    $"baseline '{baseline ?? "(missing)"}', candidate '{candidate ?? "(missing)"}'");
            return 1;
        }
        using var folder = new TempFolder("b3d-live-cost");
        string config = LiveCostRig.Prepare(folder.Path, quarterSize: !fullSize);
        var results = new Dictionary<string, List<LiveCostFigures>> { ["baseline"] = [], ["candidate"] = [] };
        for (int r = 0; r < runs; r++)
        {
            foreach ((string name, string dll) in new[] { ("baseline", baseline), ("candidate", candidate) })
            {
                string load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
                ProcessRunner.Result run = ProcessRunner.Run("dotnet", [dll, "run", config, "--frames", frames.ToString(CultureInfo.InvariantCulture)],
                    TimeSpan.FromMinutes(10));
                if (run.ExitCode != 0)
                {
                    Console.Error.WriteLine($"live-cost: {name} run {r + 1} ({dll}) exited {run.ExitCode}:\n{run.StdErr}");
                    return 1;
                }
                results[name].Add(LiveCostFigures.Parse(run.StdOut));
                Console.WriteLine($"{name} run {r + 1}: load average {load} at start");
                // Whether the build kept up (dropped ticks, late frames) decides what its CPU figure means: a channel
                // that keeps up waits for its ticks, one behind never does; so each run's counters are shown.
                foreach (string line in run.StdOut.Split('\n').Where(l => l.Contains("dropped", StringComparison.Ordinal)))
                    Console.WriteLine($"  {line.Trim()}");
            }
        }
        Print(results["baseline"], results["candidate"], fullSize, runs, frames);
        return 0;
    }

    private static void Print(List<LiveCostFigures> baseline, List<LiveCostFigures> candidate, bool fullSize, int runs, int frames)
    {
        Console.WriteLine($"b3d run, 4 file cameras {(fullSize ? "1080×1920" : "272×480")}, {frames} programme frames, median of {runs} runs; machine: {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"thread",-40} {"base ms/f",10} {"new ms/f",10} {"ratio",7} {"base B/f",10} {"new B/f",10}");
        var roles = baseline.Concat(candidate).SelectMany(f => f.Roles.Keys).Distinct().Order(StringComparer.Ordinal);
        foreach (string role in roles)
        {
            double b = Median(baseline, role, v => v.CpuMs), c = Median(candidate, role, v => v.CpuMs);
            double bb = Median(baseline, role, v => v.Bytes), cb = Median(candidate, role, v => v.Bytes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{role,-40} {b,10:0.00} {c,10:0.00} {c / b,7:0.00} {bb,10:0} {cb,10:0}"));
        }
        // The issue's figure: ingest + channel, both per frame (one frame set per programme frame: cameras and
        // channel tick at the same rate).
        double bSum = Median(baseline, "ingest", v => v.CpuMs) + Median(baseline, "channel", v => v.CpuMs);
        double cSum = Median(candidate, "ingest", v => v.CpuMs) + Median(candidate, "channel", v => v.CpuMs);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"ingest + channel",-40} {bSum,10:0.00} {cSum,10:0.00} {cSum / bSum,7:0.00}"));
        double bProc = Median(baseline, "channel", v => v.ProcessMs ?? double.NaN), cProc = Median(candidate, "channel", v => v.ProcessMs ?? double.NaN);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"whole process per programme frame",-40} {bProc,10:0.00} {cProc,10:0.00} {cProc / bProc,7:0.00}"));
    }

    // NaN when no run reported the role (a thread the build does not have).
    private static double Median(List<LiveCostFigures> runs, string role, Func<(double CpuMs, double Bytes, double? ProcessMs), double> pick)
    {
        double[] values = [.. runs.Where(f => f.Roles.ContainsKey(role)).Select(f => pick(f.Roles[role])).Order()];
        return values.Length == 0 ? double.NaN : values.Length % 2 == 1 ? values[values.Length / 2] : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
