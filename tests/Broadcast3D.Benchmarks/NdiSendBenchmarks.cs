using BenchmarkDotNet.Attributes;
using Broadcast3D.Core.Time;
using Broadcast3D.Ndi;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// Cost of one synchronous NDI send of a 1080p BGRA frame (the runtime's BGRA → 4:2:2 conversion and SpeedHQ
/// compression, clocking off) against copying the same 8 MB frame once, the least any output pays.
/// A receiver on 127.0.0.1 stays connected and drains frames, because the runtime compresses only for
/// connected receivers; it shares the cores, as a monitor on the same machine would.
/// The runtime is looked for as usual, plus the test cache (<c>$B3D_CACHE/ndi/lib/linux_x64</c>).
/// <para>Conclusion (NDI 5.5.2, 2 shared cores, brief in-process run): a send blocks the output thread for
/// ~3.7 ms per 1080p frame, ~3.4× one copy (~1.1 ms), and allocates nothing per frame. At 59.94 (16.7 ms per
/// frame) synchronous sending fits on the channel thread; <see cref="NdiSender.SendAsync(ReadOnlyMemory{byte}, NdiVideoLayout, long)"/> takes it off.</para>
/// </summary>
[Config(typeof(InProcessShortRunConfig))]
[MemoryDiagnoser]
public class NdiSendBenchmarks
{
    private const int Width = 1920;
    private const int Height = 1080;

    private readonly NdiVideoLayout _layout = new(Width, Height, NdiPixelFormat.Bgra);
    private byte[] _frame = [];
    private byte[] _copy = [];
    private NdiSender? _sender;
    private NdiReceiver? _receiver;
    private CancellationTokenSource? _stop;
    private Task? _drain;
    private long _frameIndex;

    [GlobalSetup]
    public void Setup()
    {
        _frame = new byte[_layout.SizeBytes];
        _copy = new byte[_layout.SizeBytes];
        for (int i = 0; i < _frame.Length; i += 4)
        {
            int x = i / 4 % Width, y = i / 4 / Width;
            _frame[i] = (byte)(x * 255 / (Width - 1));
            _frame[i + 1] = (byte)(y * 255 / (Height - 1));
            _frame[i + 2] = (byte)((x + y) / 12);
            _frame[i + 3] = 255;
        }

        string cache = Environment.GetEnvironmentVariable("B3D_CACHE") is { Length: > 0 } c
            ? c
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "broadcast3d");
        NdiRuntime runtime = NdiRuntime.Load(new NdiRuntimeOptions { SearchDirectories = [Path.Combine(cache, "ndi", "lib", "linux_x64")] });
        string name = $"b3d-bench-{Guid.NewGuid().ToString("N")[..8]}";
        _sender = new NdiSender(runtime, new NdiSenderOptions(name, FrameRate.Fps60) { ClockVideo = false });
        using var finder = new NdiFinder(runtime, new NdiFinderOptions { ExtraIps = "127.0.0.1" });
        NdiSource source = finder.WaitForSource(name, TimeSpan.FromSeconds(15))
            ?? throw new InvalidOperationException($"NDI source {name} not found on 127.0.0.1 within 15 s");
        _receiver = new NdiReceiver(runtime, source, new NdiReceiverOptions { ColorFormat = NdiReceiveColorFormat.Fastest });
        if (_sender.GetConnectionCount(TimeSpan.FromSeconds(15)) < 1)
            throw new InvalidOperationException("the loopback receiver did not connect within 15 s");
        _stop = new CancellationTokenSource();
        NdiReceiver receiver = _receiver;
        CancellationToken token = _stop.Token;
        _drain = Task.Run(() =>
        {
            while (!token.IsCancellationRequested)
            {
                if (receiver.TryCaptureVideo(TimeSpan.FromMilliseconds(100), out NdiReceivedVideoFrame? frame))
                    frame.Dispose();
            }
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop?.Cancel();
        _drain?.GetAwaiter().GetResult();
        _receiver?.Dispose();
        _sender?.Dispose();
        _stop?.Dispose();
    }

    /// <summary>Baseline: one copy of the frame.</summary>
    [Benchmark(Baseline = true)]
    public void CopyFrame() => _frame.AsSpan().CopyTo(_copy);

    /// <summary>One synchronous send: returns when the runtime has compressed the frame.</summary>
    [Benchmark]
    public void SendBgra1080p() => _sender!.Send(_frame, _layout, _frameIndex++);
}
