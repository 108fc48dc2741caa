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
/// A failed wait's message says what both sides did (<see cref="Describe"/>). Thread-safe; disposing stops receiving.
/// </summary>
internal sealed class StampWatch : NdiWatch
{
    private static readonly FrameRate s_rate = new(60, 1);
    private readonly string _output;
    private readonly List<Seen> _frames = [];

    /// <param name="receiver">The output's NDI receiver (disposed with the watch).</param>
    /// <param name="output">The output's name in messages ("replay").</param>
    /// <param name="senderLog">What the sending b3d has logged so far (put in a failed wait's message).</param>
    public StampWatch(NdiFollowingReceiver receiver, string output, Func<string> senderLog)
        : base(receiver, senderLog, "ndi-stamps")
    {
        _output = output;
        Start();
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

    /// <summary>Both sides, for a failed wait's message: the frames this watch kept (how many, the last one's index and how long ago it came), then <see cref="NdiWatch.BothSides"/>.</summary>
    public string Describe()
    {
        string kept;
        lock (_frames)
        {
            kept = _frames.Count == 0
                ? "0 frames received"
                : $"{_frames.Count} frames received, the last is frame {_frames[^1].Index}, received {Stopwatch.GetElapsedTime(_frames[^1].Arrived).TotalSeconds:F1} s ago";
        }
        return BothSides($"{_output} output: {kept}");
    }

    protected override void Take(NdiReceivedVideoFrame frame, long arrived)
    {
        ReadOnlySpan<byte> pixels = frame.Pixels;
        int row = frame.Layout.Width * 4;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int y = 0; y < frame.Layout.Height; y++)
            hash.AppendData(pixels.Slice(y * frame.StrideBytes, row));
        var seen = new Seen(FrameStamp.Read(pixels, frame.StrideBytes), NdiTimecode.ToFrameIndex(frame.Timecode, s_rate), arrived,
            Convert.ToHexString(hash.GetHashAndReset()));
        lock (_frames)
            _frames.Add(seen);
    }
}
