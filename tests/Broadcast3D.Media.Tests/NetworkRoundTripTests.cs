using System.Diagnostics;
using Broadcast3D.Core.Time;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Media.Tests;

/// <summary>Our encoder streams to our decoder over loopback network protocols (127.0.0.1 only).</summary>
[Category("Live")]
public class NetworkRoundTripTests
{
    private const int Width = 128;
    private const int Height = 72;
    private const int Frames = 30;

    [Test]
    public void TryRead_SrtListenerFedByEncoder_ReceivesEveryFrameWithExactTimes()
    {
        int port = LoopbackPorts.FreeUdp();
        var times = new List<Rational>();
        string? codec = null;
        // The decoder listens (its open blocks until a caller connects); the encoder calls, retrying until bound.
        Task receiver = Task.Run(() =>
        {
            using Decoder decoder = Decoder.Open($"srt://127.0.0.1:{port}?mode=listener", new DecoderOptions { OpenTimeout = TimeSpan.FromSeconds(20) });
            codec = decoder.Stream.Codec;
            while (decoder.TryRead(out VideoFrame? frame))
            {
                using (frame)
                    times.Add(frame.Time);
            }
        });
        // The encoder calls once the listener's port is bound: calls retried every 500 ms while it bound once left
        // the listener a caller that had given up, and its open failed ("Input/output error", one CI run).
        var watch = Stopwatch.StartNew();
        while (!UdpPortBound(port) && !receiver.IsCompleted)
        {
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), $"nothing bound UDP port {port} (the SRT listener)");
            receiver.Wait(20); // returns at once if the listener ends
        }
        Assert.That(receiver.IsCompleted, Is.False, () => $"the listener ended before a caller came: {receiver.Exception?.GetBaseException().Message}");
        Encoder encoder = Encoder.Create($"srt://127.0.0.1:{port}?mode=caller", new EncoderOptions
        {
            Width = Width, Height = Height, FrameRate = FrameRate.Fps25, Preset = "ultrafast", ConnectTimeout = TimeSpan.FromSeconds(5),
        });
        using (encoder)
        {
            for (int i = 0; i < Frames; i++)
                encoder.WriteFrame(TestPictures.Rgba(Width, Height, i), Width * 4);
        }
        Assert.That(receiver.Wait(TimeSpan.FromSeconds(30)), Is.True, "the decoder sees the end of the stream");
        Assert.That(codec, Is.EqualTo("h264"));
        Assert.That(times, Is.EqualTo(Enumerable.Range(0, Frames).Select(i => FrameRate.Fps25.TimeOfFrame(i))), "every frame, stamped i/25 s from the start");
    }

    /// <summary>True when a socket of this machine is bound to UDP <paramref name="port"/> (IPv4, /proc/net/udp).</summary>
    private static bool UdpPortBound(int port)
    {
        string suffix = ":" + port.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
        return File.ReadLines("/proc/net/udp").Skip(1).Any(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].EndsWith(suffix, StringComparison.Ordinal));
    }
}
