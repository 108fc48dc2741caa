using System.Diagnostics;
using Broadcast3D.Core.Time;
using Broadcast3D.Media.Ingest;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Media.Tests;

[Category("Live")]
public class CameraReaderReconnectTests
{
    private const int Width = 64;
    private const int Height = 48;

    [Test]
    public void NetworkSourceEndsAndComesBack_ReaderReconnectsAndTimelineContinues()
    {
        int port = LoopbackPorts.FreeUdp();
        using var reader = new CameraReader(0, new CameraSourceOptions
        {
            Id = "srt-cam",
            Source = $"srt://127.0.0.1:{port}?mode=listener",
            Mode = IngestMode.Offline,
            QueueCapacity = 32,
            ReconnectDelay = TimeSpan.FromMilliseconds(20),
            Decoder = new DecoderOptions { OpenTimeout = TimeSpan.FromSeconds(20) },
        });
        var captures = new List<Rational>();
        Send(port, 0, 10);
        Take(reader, captures, 10);
        Send(port, 10, 10); // a new connection: the sender's timestamps start again from zero
        Take(reader, captures, 10);
        Assert.That(reader.Reconnects, Is.GreaterThanOrEqualTo(1));
        Assert.That(captures.Select(c => c - captures[0]), Is.EqualTo(Enumerable.Range(0, 20).Select(i => FrameRate.Fps25.TimeOfFrame(i))),
            "capture times go on one frame after the last frame of the previous connection");
    }

    private static void Take(CameraReader reader, List<Rational> captures, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (int i = 0; i < count; i++)
        {
            Assert.That(reader.TryTake(out CameraFrame f, timeout.Token), Is.True);
            using (f.Frame)
                captures.Add(f.CaptureTime);
        }
    }

    /// <summary>Connects to the reader's SRT listener (retrying until it is bound) and sends <paramref name="count"/> frames.</summary>
    private static void Send(int port, int first, int count)
    {
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
            catch (MediaException) when (watch.Elapsed < TimeSpan.FromSeconds(15))
            {
                // The listener is not (re)bound yet; the failed attempt itself was the wait.
            }
        }
        using (encoder)
        {
            for (int i = 0; i < count; i++)
                encoder.WriteFrame(TestPictures.Rgba(Width, Height, first + i), Width * 4);
        }
    }
}
