using Broadcast3D.Core.Time;

namespace Broadcast3D.Ndi.Tests;

/// <summary>
/// Real send → find → receive through the NDI runtime on 127.0.0.1 (no mDNS daemon needed: the finder asks
/// 127.0.0.1 directly). 30 frames of 320×180 at 29.97, each identified by its timecode and checked against the
/// pattern for that frame index.
/// </summary>
[NonParallelizable]
[Category("Live")]
public sealed class NdiLoopbackTests
{
    private const int Width = 320;
    private const int Height = 180;
    private const int FrameCount = 30;

    // SpeedHQ is lossy and 4:2:2, and the runtime's own conversions round: measured on these patterns, BGRA → BGRA
    // is off by 3.5 codes on average in B (max 6; the runtime writes Cb 127 for grey, see NdiColourTests), 1.3 in
    // G and R, 0.05 in alpha; UYVA → UYVA by 0.13 (max 1). The bounds leave room for runtime updates and still fail
    // on a swapped channel or a lost alpha plane (off by tens to hundreds of codes).
    private const double MeanTolerance = 5.0;
    private const int MaxTolerance = 16;

    // The samples that identify the frame (its flat level, 8 codes apart in BGRA, 7 in Cr) must be within half the
    // smaller step, so a frame delivered in another frame's place fails even when its timecode looks right.
    // Measured: BGRA up to 2 (the runtime's luma rounding grows with level), UYVA 0.
    private const double LevelTolerance = 3.5;
    private const string Level = "level";

    private static readonly FrameRate Rate = FrameRate.Fps29_97;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(5);

    [Test]
    public void Send_BgraFramesOverLoopback_AllReceivedInOrderWithinTolerance()
    {
        NdiRuntime runtime = NdiTestRuntime.Load();
        using var sender = new NdiSender(runtime, new NdiSenderOptions(NdiTestRuntime.UniqueSourceName("bgra"), Rate));
        using NdiReceiver receiver = Connect(runtime, sender, NdiReceiveColorFormat.BgrxBgra);
        var layout = new NdiVideoLayout(Width, Height, NdiPixelFormat.Bgra);
        Task<List<ReceivedFrame>> receiving = Task.Run(() => ReceiveAll(receiver, CompareBgra));

        byte[] frame = new byte[layout.SizeBytes];
        for (int i = 0; i < FrameCount; i++)
        {
            TestPattern.FillBgra(frame, Width, Height, i);
            sender.Send(frame, layout, i);
        }

        AssertStream(receiving.GetAwaiter().GetResult(), NdiPixelFormat.Bgra, receiver);
    }

    [Test]
    public void SendAsync_UyvaFramesOverLoopback_AllReceivedWithAlphaWithinTolerance()
    {
        NdiRuntime runtime = NdiTestRuntime.Load();
        using var sender = new NdiSender(runtime, new NdiSenderOptions(NdiTestRuntime.UniqueSourceName("uyva"), Rate));
        using NdiReceiver receiver = Connect(runtime, sender, NdiReceiveColorFormat.Fastest);
        var layout = new NdiVideoLayout(Width, Height, NdiPixelFormat.Uyva);
        Task<List<ReceivedFrame>> receiving = Task.Run(() => ReceiveAll(receiver, CompareUyva));

        // Two buffers: the runtime reads one while we fill the other (SendAsync's ownership rule).
        byte[][] buffers = [new byte[layout.SizeBytes], new byte[layout.SizeBytes]];
        for (int i = 0; i < FrameCount; i++)
        {
            byte[] frame = buffers[i % 2];
            TestPattern.FillUyva(frame, Width, Height, i);
            sender.SendAsync(frame, layout, i);
        }
        sender.Flush();

        AssertStream(receiving.GetAwaiter().GetResult(), NdiPixelFormat.Uyva, receiver);
    }

    [Test]
    public void GetTally_ReceiverSetsProgram_SenderSeesOnProgram()
    {
        NdiRuntime runtime = NdiTestRuntime.Load();
        using var sender = new NdiSender(runtime, new NdiSenderOptions(NdiTestRuntime.UniqueSourceName("tally"), Rate));
        using NdiReceiver receiver = Connect(runtime, sender, NdiReceiveColorFormat.BgrxBgra);
        Assert.That(sender.GetTally(TimeSpan.Zero), Is.EqualTo(new NdiTally(false, false)));

        receiver.SetTally(new NdiTally(OnProgram: true, OnPreview: false));

        // Each GetTally waits for the next change, so this loop wakes per change and is bounded by the deadline.
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        NdiTally tally;
        do
            tally = sender.GetTally(TimeSpan.FromSeconds(1));
        while (!tally.OnProgram && deadline.Elapsed < ConnectTimeout);
        Assert.That(tally, Is.EqualTo(new NdiTally(true, false)));
    }

    private static NdiReceiver Connect(NdiRuntime runtime, NdiSender sender, NdiReceiveColorFormat format)
    {
        using var finder = new NdiFinder(runtime, new NdiFinderOptions { ShowLocalSources = true, ExtraIps = "127.0.0.1" });
        NdiSource? source = finder.WaitForSource(sender.Options.Name, ConnectTimeout);
        Assert.That(source, Is.Not.Null, $"{sender.SourceName} not found within {ConnectTimeout}; seen: {string.Join(", ", finder.GetSources())}");
        Assert.That(source!.Name, Is.EqualTo(sender.SourceName));

        Assert.That(sender.GetConnectionCount(TimeSpan.Zero), Is.Zero, "no receiver should be connected before this one");
        var receiver = new NdiReceiver(runtime, source, new NdiReceiverOptions { ColorFormat = format, Name = "b3d-test-receiver" });
        Assert.That(sender.GetConnectionCount(ConnectTimeout), Is.GreaterThanOrEqualTo(1), $"no connection to {source} within {ConnectTimeout}");
        return receiver;
    }

    private static List<ReceivedFrame> ReceiveAll(NdiReceiver receiver, Func<long, NdiReceivedVideoFrame, Dictionary<string, PixelError>> compare)
    {
        var frames = new List<ReceivedFrame>();
        while (frames.Count < FrameCount && receiver.TryCaptureVideo(FrameTimeout, out NdiReceivedVideoFrame? frame))
        {
            using (frame)
            {
                long index = NdiTimecode.ToFrameIndex(frame.Timecode, frame.FrameRate);
                Dictionary<string, PixelError> errors = index is >= 0 and < FrameCount ? compare(index, frame) : [];
                frames.Add(new ReceivedFrame(frame.Timecode, frame.Timestamp, frame.FrameRate, frame.Layout, errors));
            }
        }
        return frames;
    }

    private static Dictionary<string, PixelError> CompareBgra(long index, NdiReceivedVideoFrame frame)
    {
        byte[] expected = new byte[new NdiVideoLayout(Width, Height, NdiPixelFormat.Bgra).SizeBytes];
        TestPattern.FillBgra(expected, Width, Height, index);
        ReadOnlySpan<byte> actual = frame.Pixels;
        if (actual.Length != expected.Length)
            return [];
        int band = TestPattern.LevelBandRows * Width * 4;
        return new()
        {
            [Level] = PixelError.OfChannel(expected.AsSpan(0, band), actual[..band], 1, 4),
            ["B"] = PixelError.OfChannel(expected, actual, 0, 4),
            ["G"] = PixelError.OfChannel(expected, actual, 1, 4),
            ["R"] = PixelError.OfChannel(expected, actual, 2, 4),
            ["A"] = PixelError.OfChannel(expected, actual, 3, 4),
        };
    }

    private static Dictionary<string, PixelError> CompareUyva(long index, NdiReceivedVideoFrame frame)
    {
        var layout = new NdiVideoLayout(Width, Height, NdiPixelFormat.Uyva);
        byte[] expected = new byte[layout.SizeBytes];
        TestPattern.FillUyva(expected, Width, Height, index);
        ReadOnlySpan<byte> actual = frame.Pixels;
        if (actual.Length != expected.Length)
            return [];
        return new()
        {
            [Level] = PixelError.OfChannel(expected.AsSpan(0, layout.AlphaPlaneOffset), actual[..layout.AlphaPlaneOffset], 2, 4),
            ["UYVY"] = PixelError.Of(expected.AsSpan(0, layout.AlphaPlaneOffset), actual[..layout.AlphaPlaneOffset]),
            ["alpha"] = PixelError.Of(expected.AsSpan(layout.AlphaPlaneOffset), actual[layout.AlphaPlaneOffset..]),
        };
    }

    private static void AssertStream(List<ReceivedFrame> frames, NdiPixelFormat format, NdiReceiver receiver)
    {
        foreach (ReceivedFrame f in frames)
            TestContext.Out.WriteLine($"tc {f.Timecode} ts {f.Timestamp} {f.Rate} {f.Layout}: {string.Join("; ", f.Channels.Select(c => $"{c.Key} {c.Value}"))}");
        (long received, long dropped) = receiver.GetFrameCounts();
        TestContext.Out.WriteLine($"runtime counters: {received} received, {dropped} dropped");

        Assert.That(frames, Has.Count.EqualTo(FrameCount), "every frame sent is received");
        Assert.That(dropped, Is.Zero);
        for (int i = 0; i < frames.Count; i++)
        {
            ReceivedFrame f = frames[i];
            Assert.That(f.Layout, Is.EqualTo(new NdiVideoLayout(Width, Height, format)), $"frame {i} layout");
            Assert.That(f.Rate, Is.EqualTo(Rate), $"frame {i} rate");
            Assert.That(f.Timecode, Is.EqualTo(NdiTimecode.FromFrameIndex(i, Rate)), $"frame {i} timecode");
            Assert.That(f.Channels, Is.Not.Empty, $"frame {i} was not compared");
            Assert.That(f.Channels[Level].Mean, Is.LessThanOrEqualTo(LevelTolerance), $"frame {i} carries another frame's level");
            foreach ((string channel, PixelError error) in f.Channels)
            {
                Assert.That(error.Mean, Is.LessThanOrEqualTo(MeanTolerance), $"frame {i} {channel} {error}");
                Assert.That(error.Max, Is.LessThanOrEqualTo(MaxTolerance), $"frame {i} {channel} {error}");
            }
        }
        AssertTimestampsFollowFrameClock(frames);
    }

    // The sender clocks video, so send times are one frame period apart on average. A loaded 2-core machine
    // jitters single frames, so the average over the run is checked, with ±25 %.
    private static void AssertTimestampsFollowFrameClock(List<ReceivedFrame> frames)
    {
        Assert.That(frames.Select(f => f.Timestamp), Has.All.Not.Null, "the runtime reports send timestamps");
        long[] stamps = frames.Select(f => f.Timestamp ?? 0).ToArray();
        for (int i = 1; i < stamps.Length; i++)
            Assert.That(stamps[i], Is.GreaterThan(stamps[i - 1]), $"timestamp of frame {i} increases");
        double meanPeriodSeconds = (double)(stamps[^1] - stamps[0]) / (stamps.Length - 1) / NdiTimecode.UnitsPerSecond;
        Assert.That(meanPeriodSeconds, Is.EqualTo(Rate.FrameDuration.ToDouble()).Within(25).Percent);
    }
}
