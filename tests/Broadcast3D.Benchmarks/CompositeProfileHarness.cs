using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// Where a 1080p live composite's time goes on this machine, pass by pass:
/// <c>dotnet run -c Release --project tests/Broadcast3D.Benchmarks -- composite-profile [--frames 20]</c>. Draws
/// <see cref="PicturePathBenchmark"/>'s new path (yuv420p plate, 22 skeletons with trails, 10 labels, GPU yuv420p
/// conversion and pipelined readback) with <see cref="GpuDevice.WaitIdle"/> (glFinish) after each stage, so each
/// stage's wall time includes llvmpipe's rasteriser threads finishing it, and the calling thread's CPU time, which on
/// llvmpipe is the vertex processing and binning, and the whole process's CPU time (the rasteriser threads too),
/// which other processes' load changes far less than wall time. Prints medians per stage with the load average.
/// </summary>
internal static class CompositeProfileHarness
{
    private const int Width = 1920, Height = 1080, Athletes = 22, Joints = 25;

    private static readonly string[] Stages = ["upload", "clear", "plate", "skeletons", "trails", "labels", "convert + readback"];

    public static int Run(string[] args)
    {
        int at = Array.IndexOf(args, "--frames");
        int frames = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 20;
        using GpuDevice device = GpuDevice.Create();
        using var compositor = new Compositor(device, new CompositorDescription(Width, Height));
        using var plate = new VideoPlate(device, Width, Height, VideoPlateFormat.Yuv420P);
        using var readback = new ProgramReadback(device, Width, Height, [PixelLayout.Yuv420P], picturesPerLayout: 3);
        var pictures = new Picture?[1];
        var random = new Random(1);
        byte[] y = new byte[Width * Height], cb = new byte[Width * Height / 4], cr = new byte[Width * Height / 4];
        random.NextBytes(y);
        random.NextBytes(cb);
        random.NextBytes(cr);
        RenderCamera camera = RenderCamera.Orbit(new Vector3(0, 0, 1), 0.5f, 0.3f, 40f, 0.8f, Width, Height);
        (SkeletonDrawing[] skeletons, Trail[] trails) = BenchmarkAthletes.Create(Athletes, Joints, new Vector4(1, 0.65f, 0, 1));
        string[] labels = Enumerable.Range(1, 10).Select(i => $"#{i}").ToArray();
        var text = Vector4.One;
        var box = new Vector4(0.8f, 0.1f, 0.2f, 0.85f);
        var wall = Stages.Select(_ => new List<double>()).ToArray();
        var cpu = Stages.Select(_ => new List<double>()).ToArray();
        var process = Stages.Select(_ => new List<double>()).ToArray();
        string loadBefore = File.ReadAllText("/proc/loadavg").Trim();
        const int WarmUp = 3;
        for (int f = 0; f < frames + WarmUp; f++)
        {
            for (int s = 0; s < Stages.Length; s++)
            {
                long start = Stopwatch.GetTimestamp();
                long cpuStart = ThreadCpuClock.CurrentThreadNanoseconds();
                long processStart = ThreadCpuClock.ProcessNanoseconds();
                switch (s)
                {
                    case 0: plate.UploadYuv420P(y, Width, cb, Width / 2, cr, Width / 2); break;
                    case 1: compositor.BeginFrame(new Vector4(0, 0, 0, 1)); break;
                    case 2: compositor.DrawPlate(plate); break;
                    case 3: compositor.DrawScene(camera, skeletons); break;
                    case 4: compositor.DrawScene(camera, [], trails); break;
                    case 5:
                        for (int l = 0; l < labels.Length; l++)
                            compositor.DrawLabel(camera, skeletons[l].Joints[Joints - 1], labels[l], 22, text, box, new Vector2(8, -8));
                        compositor.FlushGraphics();
                        break;
                    default:
                        readback.Submit(compositor.Output, f, new Rational(f, 25), 0, pictures);
                        pictures[0]?.Release();
                        break;
                }
                double issued = (ThreadCpuClock.CurrentThreadNanoseconds() - cpuStart) / 1e6;
                device.WaitIdle();
                if (f < WarmUp)
                    continue;
                process[s].Add((ThreadCpuClock.ProcessNanoseconds() - processStart) / 1e6);
                cpu[s].Add(issued);
                wall[s].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }
        readback.Flush(pictures.AsSpan());
        pictures[0]?.Release();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"composite profile, 1920x1080, {frames} frames, {Environment.ProcessorCount} cores, {device.Info}"));
        Console.WriteLine($"  load average before: {loadBefore}; after: {File.ReadAllText("/proc/loadavg").Trim()}");
        double total = 0, totalProcess = 0;
        for (int s = 0; s < Stages.Length; s++)
        {
            total += Median(wall[s]);
            totalProcess += Median(process[s]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {Stages[s],-20} wall median {Median(wall[s]),8:0.00} ms (p90 {Percentile(wall[s], 0.9),8:0.00}), calling-thread CPU {Median(cpu[s]),7:0.00} ms, process CPU {Median(process[s]),7:0.00} ms"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  sum of medians: wall {total:0.00} ms, process CPU {totalProcess:0.00} ms"));
        return 0;
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        double[] sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }
}
