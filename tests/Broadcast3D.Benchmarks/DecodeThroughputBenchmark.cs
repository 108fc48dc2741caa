using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Broadcast3D.Media;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// Decode throughput of a 1080p H.264 clip (120 frames, generated at first use) with our <see cref="Decoder"/>
/// versus the ffmpeg CLI (<c>ffmpeg -threads N -i clip [-pix_fmt rgba] -f null -</c>, the baseline) at the same
/// thread count, with and without conversion to RGBA. Ratio &lt; 1 means we are faster than the CLI; the goal is
/// ratio ≤ 1/0.95 ≈ 1.05. The CLI's time includes its process start (~tens of ms), which favours us slightly.
/// <see cref="SteadyStateFrame"/> decodes one frame per operation from an open decoder, looping with a seek: its
/// Allocated column must read 0 B (no managed allocation per frame).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(BenchmarkDotNet.Engines.RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class DecodeThroughputBenchmark
{
    private const int Frames = 120;
    private const int SteadyFrames = 30;
    private Decoder? _steady;

    [Params(1, 2)]
    public int Threads { get; set; }

    [Params(false, true)]
    public bool Rgba { get; set; }

    /// <summary>The clip, cached in the temp folder across benchmark processes.</summary>
    public static string Clip => Path.Combine(Path.GetTempPath(), "b3d-bench-1080p60-h264-120.mp4");

    [GlobalSetup]
    public void Setup()
    {
        if (!File.Exists(Clip))
        {
            string partial = Clip + ".part.mp4";
            // Noise gives the clip a realistic bit rate (testsrc alone compresses to almost nothing).
            Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=60,noise=alls=10:allf=t",
                "-frames:v", Frames.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", partial);
            File.Move(partial, Clip, overwrite: true);
        }
        _steady = Decoder.Open(Clip, Options());
    }

    [GlobalCleanup]
    public void Cleanup() => _steady?.Dispose();

    [Benchmark(Baseline = true, Description = "ffmpeg CLI")]
    public void FfmpegCli()
    {
        string t = Threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Rgba)
            Run("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-threads", t, "-i", Clip, "-pix_fmt", "rgba", "-f", "null", "-");
        else
            Run("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-threads", t, "-i", Clip, "-f", "null", "-");
    }

    [Benchmark(Description = "Broadcast3D Decoder")]
    public int Decoder_WholeClip()
    {
        using Decoder decoder = Decoder.Open(Clip, Options());
        int n = 0;
        while (decoder.TryRead(out VideoFrame? frame))
        {
            frame.Dispose();
            n++;
        }
        if (n != Frames)
            throw new InvalidOperationException($"decoded {n} frames, expected {Frames}");
        return n;
    }

    [Benchmark(OperationsPerInvoke = SteadyFrames, Description = "steady state, per frame")]
    public long SteadyStateFrame()
    {
        long sum = 0;
        for (int i = 0; i < SteadyFrames; i++)
        {
            if (!_steady!.TryRead(out VideoFrame? frame))
            {
                _steady.Seek(Core.Time.Rational.Zero);
                continue;
            }
            sum += frame.Pts;
            frame.Dispose();
        }
        return sum;
    }

    private DecoderOptions Options() => new()
    {
        Threads = Threads,
        Output = Rgba ? FrameOutput.Rgba : FrameOutput.Native,
        Hardware = HardwareDecode.Software,
    };

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} failed: {err}");
    }
}
