using System.Diagnostics;
using System.Globalization;
using Broadcast3D.Core.Threading;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// What drawing an athlete mesh costs against the capsules it replaces (issue #18), robust to a loaded machine:
/// <c>dotnet run -c Release --project tests/Broadcast3D.Benchmarks -- mesh-cost [--frames 200]</c>. Runs the variants
/// of <see cref="MeshCompositeBenchmark"/> in turn, frame by frame, so all see the same load; per frame it measures
/// the calling thread's CPU time for issuing the drawing (mesh upload and normals included) and the wall time
/// including the readback (which waits for llvmpipe's rasteriser threads), and the bytes allocated after the first
/// frames. Prints medians, their ratios to the capsules, the device and the load average before and after.
/// </summary>
internal static class MeshCostHarness
{
    private static readonly string[] Names =
    [
        "capsules (floor + capsule shadows + capsules)",
        "mesh 19.8k triangles, a new one each frame",
        "mesh 19.8k triangles, the same (freeze)",
        "mesh, new each frame, skeleton on top",
        "capsules without shadows (floor + capsules)",
    ];

    public static int Run(string[] args)
    {
        int at = Array.IndexOf(args, "--frames");
        int frames = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 200;
        var bench = new MeshCompositeBenchmark();
        bench.Setup();
        try
        {
            string loadBefore = File.ReadAllText("/proc/loadavg").Trim();
            var cpu = Names.Select(_ => new List<double>()).ToArray();
            var wall = Names.Select(_ => new List<double>()).ToArray();
            long allocated = 0;
            // The first frames grow the buffers and compile the shaders: left out.
            const int WarmUp = 4;
            for (int f = 0; f < frames + WarmUp; f++)
            {
                for (int v = 0; v < Names.Length; v++)
                {
                    long bytes = GC.GetAllocatedBytesForCurrentThread();
                    long start = Stopwatch.GetTimestamp();
                    long cpuStart = ThreadCpuClock.CurrentThreadNanoseconds();
                    Submit(bench, v);
                    double submitted = (ThreadCpuClock.CurrentThreadNanoseconds() - cpuStart) / 1e6;
                    bench.ReadBack();
                    double elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (f < WarmUp)
                        continue;
                    allocated += GC.GetAllocatedBytesForCurrentThread() - bytes;
                    cpu[v].Add(submitted);
                    wall[v].Add(elapsed);
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mesh cost, {frames} frames each (interleaved), 1280x720, {Environment.ProcessorCount} cores, {bench.Device}"));
            Console.WriteLine($"  load average before: {loadBefore}; after: {File.ReadAllText("/proc/loadavg").Trim()}");
            for (int v = 0; v < Names.Length; v++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {Names[v]}: issuing CPU median {Median(cpu[v]):0.00} ms, wall with readback median {Median(wall[v]):0.0} ms (p90 {Percentile(wall[v], 0.9):0.0}); ratio to capsules: CPU {Median(cpu[v]) / Median(cpu[0]):0.00}x, wall {Median(wall[v]) / Median(wall[0]):0.00}x"));
            }
            Console.WriteLine($"  bytes allocated over the {frames * Names.Length} measured frames: {allocated}");
            return 0;
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static void Submit(MeshCompositeBenchmark bench, int variant)
    {
        switch (variant)
        {
            case 0:
                bench.SubmitCapsules();
                break;
            case 4:
                bench.SubmitCapsules(shadows: false);
                break;
            default:
                bench.SubmitMesh(newMesh: variant != 2, skeletonOnTop: variant == 3);
                break;
        }
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        double[] sorted = [.. values.Order()];
        return sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];
    }
}
