using System.Diagnostics;
using System.Security.Cryptography;
using Broadcast3D.Core.Time;
using Broadcast3D.Ndi;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Control.Tests;

/// <summary>
/// Receives one NDI output of a run (programme or replay) on its own thread and keeps, per frame received, the
/// picture's stamp (<see cref="FrameStamp"/>), its frame index (the NDI timecode, which b3d sets from the channel's
/// frame index), when it arrived, and a hash of its pixels (to compare two outputs' pictures bit for bit).
/// Thread-safe; disposing stops receiving.
/// </summary>
internal sealed class StampWatch : IDisposable
{
    private readonly NdiReceiver _receiver;
    private readonly List<Seen> _frames = [];
    private readonly Thread _thread;
    private volatile bool _stop;

    public StampWatch(NdiReceiver receiver)
    {
        _receiver = receiver;
        _thread = new Thread(Receive) { IsBackground = true, Name = "ndi-stamps" };
        _thread.Start();
    }

    /// <summary>One received frame: stamp (null: unreadable), channel frame index, arrival (<see cref="Stopwatch"/> ticks), pixel hash.</summary>
    public readonly record struct Seen(int? Stamp, long Index, long Arrived, string Hash);

    /// <summary>Frames received so far.</summary>
    public int Count
    {
        get
        {
            lock (_frames)
                return _frames.Count;
        }
    }

    /// <summary>The frames received from number <paramref name="from"/> on.</summary>
    public List<Seen> From(int from)
    {
        lock (_frames)
            return _frames.GetRange(from, _frames.Count - from);
    }

    /// <summary>Waits up to <paramref name="timeout"/> until the frames from <paramref name="from"/> on satisfy <paramref name="done"/>.</summary>
    public List<Seen> WaitUntil(int from, Func<List<Seen>, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var pause = new ManualResetEventSlim();
        while (true)
        {
            List<Seen> frames = From(from);
            if (done(frames) || clock.Elapsed > timeout)
                return frames;
            pause.Wait(20); // a frame arrives every 17 ms
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        _receiver.Dispose();
    }

    private void Receive()
    {
        var rate = new FrameRate(60, 1);
        while (!_stop)
        {
            if (!_receiver.TryCaptureVideo(TimeSpan.FromMilliseconds(200), out NdiReceivedVideoFrame? frame))
                continue;
            long arrived = Stopwatch.GetTimestamp();
            using (frame)
            {
                ReadOnlySpan<byte> pixels = frame.Pixels;
                int row = frame.Layout.Width * 4;
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                for (int y = 0; y < frame.Layout.Height; y++)
                    hash.AppendData(pixels.Slice(y * frame.StrideBytes, row));
                var seen = new Seen(FrameStamp.Read(pixels, frame.StrideBytes), NdiTimecode.ToFrameIndex(frame.Timecode, rate), arrived,
                    Convert.ToHexString(hash.GetHashAndReset()));
                lock (_frames)
                    _frames.Add(seen);
            }
        }
    }
}
