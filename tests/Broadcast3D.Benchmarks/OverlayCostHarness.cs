using System.Diagnostics;
using System.Globalization;
using Broadcast3D.Core.Threading;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// The plugin layer's cost per frame against the hard-wired overlays, robust to a loaded machine:
/// <c>dotnet run -c Release --project tests/Broadcast3D.Benchmarks -- overlay-cost [--frames 400]</c>. Runs the two
/// paths of <see cref="OverlayLayerBenchmark"/> alternately, frame by frame, so both see the same load, and measures
/// each frame's CPU time on the calling (channel) thread (clock_gettime per thread: other processes change it less
/// than wall time) for preparing the overlays and submitting their drawing; each frame is then read back, outside
/// the measurement, so the GPU's work never spills into the next frame's. Prints medians, their ratio and the
/// wall time per frame including the readback, with the load average.
/// </summary>
internal static class OverlayCostHarness
{
    public static int Run(string[] args)
    {
        int at = Array.IndexOf(args, "--frames");
        int frames = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 400;
        var bench = new OverlayLayerBenchmark();
        bench.Setup();
        try
        {
            var cpu = new[] { new List<double>(), new List<double>() };
            var wall = new[] { new List<double>(), new List<double>() };
            for (int f = 0; f < frames; f++)
            {
                for (int path = 0; path < 2; path++)
                {
                    long start = Stopwatch.GetTimestamp();
                    long cpuStart = ThreadCpuClock.CurrentThreadNanoseconds();
                    if (path == 0)
                        bench.HardWiredSubmit();
                    else
                        bench.PluginsSubmit();
                    cpu[path].Add((ThreadCpuClock.CurrentThreadNanoseconds() - cpuStart) / 1000.0);
                    bench.ReadBack();
                    wall[path].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
            double load = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"overlay cost, {frames} frames each, 8 athletes, 1280x720, {Environment.ProcessorCount} cores, load average {load:0.0}:"));
            string[] names = ["hard-wired overlays", "plugin layer (built-ins)"];
            for (int path = 0; path < 2; path++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {names[path]}: channel-thread CPU median {Median(cpu[path]):0} µs/frame, wall with readback median {Median(wall[path]):0.0} ms/frame"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ratio plugin/hard-wired: CPU {Median(cpu[1]) / Median(cpu[0]):0.00}x, wall with readback {Median(wall[1]) / Median(wall[0]):0.00}x"));
            return 0;
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
