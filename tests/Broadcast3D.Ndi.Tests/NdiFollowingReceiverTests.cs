using System.Diagnostics;
using Broadcast3D.Core.Time;

namespace Broadcast3D.Ndi.Tests;

/// <summary>
/// <see cref="NdiFollowingReceiver"/> through the real runtime on 127.0.0.1: a sender that goes away and comes back
/// under the same name listens on another port, where a plain receiver (which retries the old address) never finds it
/// again; the following receiver must (issue #13). And it must not make a sender that stopped sending look alive.
/// </summary>
[NonParallelizable]
[Category("Live")]
public sealed class NdiFollowingReceiverTests
{
    private static readonly FrameRate Rate = new(60, 1);
    private static readonly NdiVideoLayout Layout = new(64, 36, NdiPixelFormat.Uyvy);

    [Test]
    public void TryCaptureVideo_SenderRestartedUnderTheSameName_FramesOfTheNewSenderReceivedAfterAReconnection()
    {
        NdiRuntime runtime = NdiTestRuntime.Load();
        string name = NdiTestRuntime.UniqueSourceName("follow");
        var lines = new List<string>();
        using (var first = new PacedSender(runtime, name, firstIndex: 0))
        {
            using var receiver = new NdiFollowingReceiver(runtime, name) { Log = lines.Add };
            string before = receiver.Source.UrlAddress;
            Assert.That(Receive(receiver, 10, TimeSpan.FromSeconds(15), _ => true), Is.EqualTo(10), () => $"frames of the first sender; {receiver.Describe()}");
            first.Dispose();
            // The second sender's frames carry indices from 1,000,000 on, so none can be taken for the first's.
            using var second = new PacedSender(runtime, name, firstIndex: 1_000_000);
            int fromSecond = Receive(receiver, 10, TimeSpan.FromSeconds(30), index => index >= 1_000_000);
            TestContext.Out.WriteLine($"first sender at {before}; {receiver.Describe()}; log: {string.Join(" | ", lines)}");
            Assert.That(fromSecond, Is.EqualTo(10), () => $"frames of the restarted sender within 30 s; {receiver.Describe()}");
            Assert.That(receiver.Reconnects, Is.GreaterThanOrEqualTo(1), "the connection was made again");
            Assert.That(lines, Has.Count.EqualTo(receiver.Reconnects), "each reconnection is reported");
            Assert.That(lines[0], Does.Contain(name), "the report names the source");
        }
    }

    [Test]
    public void TryCaptureVideo_SenderAliveButSilent_NoFrameAndTheSilenceReported()
    {
        NdiRuntime runtime = NdiTestRuntime.Load();
        string name = NdiTestRuntime.UniqueSourceName("silent");
        using var sender = new NdiSender(runtime, new NdiSenderOptions(name, Rate) { ClockVideo = false });
        using var receiver = new NdiFollowingReceiver(runtime, name, new NdiFollowingReceiverOptions { Silence = TimeSpan.FromSeconds(1) });
        // One frame so the receiver knows the source sends; then nothing.
        byte[] pixels = new byte[Layout.SizeBytes];
        sender.Send(pixels, Layout, 0);
        Assert.That(Receive(receiver, 1, TimeSpan.FromSeconds(15), _ => true), Is.EqualTo(1), () => $"the one frame sent; {receiver.Describe()}");
        // A new connection is given the sender's last frame again (the runtime does so for every new receiver): only
        // a frame after it would be a new one.
        Assert.That(Receive(receiver, 1, TimeSpan.FromSeconds(4), index => index > 0), Is.Zero, "a silent sender gives no new frame, reconnected or not");
        Assert.That(receiver.Reconnects, Is.GreaterThanOrEqualTo(1), "the silence was noticed");
        Assert.That(receiver.LastReconnectReason, Does.Contain("no frame for").Or.Contain("no connection for"), receiver.Describe());
    }

    /// <summary>Captures until <paramref name="count"/> frames whose index satisfies <paramref name="wanted"/> came or the time is up; how many came.</summary>
    private static int Receive(NdiFollowingReceiver receiver, int count, TimeSpan within, Func<long, bool> wanted)
    {
        var clock = Stopwatch.StartNew();
        int got = 0;
        while (got < count && clock.Elapsed < within)
        {
            if (!receiver.TryCaptureVideo(TimeSpan.FromMilliseconds(200), out NdiReceivedVideoFrame? frame))
                continue;
            using (frame)
            {
                if (wanted(NdiTimecode.ToFrameIndex(frame.Timecode, Rate)))
                    got++;
            }
        }
        return got;
    }

    /// <summary>A sender sending a small frame about every 16 ms on its own thread until disposed.</summary>
    private sealed class PacedSender : IDisposable
    {
        private readonly NdiSender _sender;
        private readonly Thread _thread;
        private readonly ManualResetEventSlim _stop = new();
        private bool _disposed;

        public PacedSender(NdiRuntime runtime, string name, long firstIndex)
        {
            _sender = new NdiSender(runtime, new NdiSenderOptions(name, Rate) { ClockVideo = false });
            _thread = new Thread(() =>
            {
                byte[] pixels = new byte[Layout.SizeBytes];
                for (long i = firstIndex; !_stop.Wait(16); i++)
                    _sender.Send(pixels, Layout, i);
            }) { IsBackground = true, Name = $"ndi-send {name}" };
            _thread.Start();
        }

        public void Dispose()
        {
            if (_disposed)
                return;
            _disposed = true;
            _stop.Set();
            _thread.Join();
            _stop.Dispose();
            _sender.Dispose();
        }
    }
}
