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
        var watch = Stopwatch.StartNew();
        Encoder? encoder = null;
        while (encoder is null)
        {
            try
            {
                encoder = Encoder.Create($"srt://127.0.0.1:{port}?mode=caller", new EncoderOptions
                {
                    Width = Width, Height = Height, FrameRate = FrameRate.Fps25, Preset = "ultrafast", ConnectTimeout = TimeSpan.FromMilliseconds(500),
                });
            }
            catch (MediaException) when (watch.Elapsed < TimeSpan.FromSeconds(15) && !receiver.IsCompleted)
            {
                // The listener is not bound yet; the failed attempt itself was the wait.
            }
        }
        using (encoder)
        {
            for (int i = 0; i < Frames; i++)
                encoder.WriteFrame(TestPictures.Rgba(Width, Height, i), Width * 4);
        }
        Assert.That(receiver.Wait(TimeSpan.FromSeconds(30)), Is.True, "the decoder sees the end of the stream");
        Assert.That(codec, Is.EqualTo("h264"));
        Assert.That(times, Is.EqualTo(Enumerable.Range(0, Frames).Select(i => FrameRate.Fps25.TimeOfFrame(i))), "every frame, stamped i/25 s from the start");
    }
}
