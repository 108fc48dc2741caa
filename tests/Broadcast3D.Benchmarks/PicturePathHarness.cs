using System.Diagnostics;
using System.Globalization;
using Broadcast3D.Core.Threading;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// Issue #12's "live composite + readback at 1080p" as a harness robust to a loaded machine:
/// <c>dotnet run -c Release --project tests/Broadcast3D.Benchmarks -- picture-path [--frames 30]</c>. Runs the
/// today and new paths of <see cref="PicturePathBenchmark"/> alternately, frame by frame, and measures per frame the
/// wall time (each path ends with its readback, so llvmpipe's rasteriser threads have finished it) and the whole
/// process's CPU time, which the other processes of a shared machine change far less than wall time. Prints medians
/// and quartiles in a form that a run of another build (e.g. main's, for the issue's "today") can be set beside.
/// </summary>
internal static class PicturePathHarness
{
    public static int Run(string[] args)
    {
        int at = Array.IndexOf(args, "--frames");
        int frames = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 30;
        var bench = new PicturePathBenchmark();
        bench.Setup();
        try
        {
            string loadBefore = File.ReadAllText("/proc/loadavg").Trim();
            string[] names = ["today", "new"];
            var wall = new[] { new List<double>(), new List<double>() };
            var process = new[] { new List<double>(), new List<double>() };
            const int WarmUp = 3;
            for (int f = 0; f < frames + WarmUp; f++)
            {
                for (int path = 0; path < 2; path++)
                {
                    long start = Stopwatch.GetTimestamp();
                    long processStart = ThreadCpuClock.ProcessNanoseconds();
                    if (path == 0)
                        bench.Today();
                    else
                        bench.New();
                    if (f < WarmUp)
                        continue;
                    process[path].Add((ThreadCpuClock.ProcessNanoseconds() - processStart) / 1e6);
                    wall[path].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"picture path, 1920x1080, {frames} frames each (interleaved), {Environment.ProcessorCount} cores"));
            Console.WriteLine($"  load average before: {loadBefore}; after: {File.ReadAllText("/proc/loadavg").Trim()}");
            for (int path = 0; path < 2; path++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {names[path]}: wall median {Percentile(wall[path], 0.5):0.0} ms (quartiles {Percentile(wall[path], 0.25):0.0}–{Percentile(wall[path], 0.75):0.0}), process CPU median {Percentile(process[path], 0.5):0.0} ms (quartiles {Percentile(process[path], 0.25):0.0}–{Percentile(process[path], 0.75):0.0})"));
            }
            return 0;
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static double Percentile(List<double> values, double p)
    {
        double[] sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }
}
