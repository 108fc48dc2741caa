using Broadcast3D.Core.Time;
using Broadcast3D.Ndi;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Control.Tests;

/// <summary>
/// Receives the run's NDI programme on its own thread and keeps, per frame, its index (from the NDI timecode, which
/// b3d sets from the programme frame index), the skeleton's orange pixels, the lower third's magenta accent pixels
/// and, for stamped cameras (<see cref="StampedCameraRig"/>), which camera's picture it shows.
/// Thread-safe; disposing stops receiving.
/// </summary>
internal sealed class ProgrammeWatch : NdiWatch
{
    private static readonly FrameRate s_rate = new(60, 1);
    private readonly List<Seen> _frames = [];
    private readonly Func<int, int?>? _cameraOfStamp;
    private byte[]? _last;
    private byte[] _rgb = new byte[OverlayPixels.Width * OverlayPixels.Height * 3];
    private DateTime _lastArrival;

    /// <param name="receiver">The programme's NDI receiver (disposed with the watch).</param>
    /// <param name="senderLog">What the sending b3d has logged so far (put in a failed wait's message).</param>
    /// <param name="cameraOfStamp">The camera a picture's <see cref="FrameStamp"/> says it shows (null: pictures are not stamped).</param>
    public ProgrammeWatch(NdiFollowingReceiver receiver, Func<string> senderLog, Func<int, int?>? cameraOfStamp = null)
        : base(receiver, senderLog, "ndi-watch")
    {
        _cameraOfStamp = cameraOfStamp;
        Start();
    }

    /// <summary>One received programme frame: its index, orange and magenta pixels, and the camera it shows (null: no stamp read).</summary>
    public readonly record struct Seen(long Index, int Orange, int Magenta, int? Camera = null, int Green = 0);

    /// <summary>A pure green overlay (#00FF00, a skeleton colour set at run time) after 4:2:2 and NDI's decode, loosely.</summary>
    public static bool IsGreen(byte red, byte green, byte blue) => green > 180 && red < 110 && blue < 110;

    /// <summary>The lower third's accent (0.9, 0.1, 0.6) after 4:2:2 and NDI's decode, loosely.</summary>
    public static bool IsMagenta(byte red, byte green, byte blue) => red > 160 && green < 100 && blue is > 80 and < 230;

    public List<Seen> Frames
    {
        get
        {
            lock (_frames)
                return [.. _frames];
        }
    }

    /// <summary>The last frame received, packed RGB (for a screenshot), or null.</summary>
    public byte[]? LastRgb
    {
        get
        {
            lock (_frames)
                return _last is null ? null : (byte[])_last.Clone();
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a frame received after now that satisfies <paramref name="condition"/>.</summary>
    public Seen? WaitFor(Func<Seen, bool> condition, TimeSpan timeout)
    {
        int from = Frames.Count;
        DateTime until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            List<Seen> frames = Frames;
            for (int i = from; i < frames.Count; i++)
            {
                if (condition(frames[i]))
                    return frames[i];
            }
            from = frames.Count;
            using var pause = new ManualResetEventSlim();
            pause.Wait(20);
        }
        return null;
    }

    /// <summary>Waits until a frame with index at least <paramref name="index"/> arrived (at most 10 s).</summary>
    public void WaitForIndex(long index) =>
        Assert.That(WaitFor(f => f.Index >= index, TimeSpan.FromSeconds(10)), Is.Not.Null, () => $"programme frame {index} or later received; {Describe()}");

    /// <summary>
    /// What was received, for a failed wait's message: how many frames, the last one's index and how long ago it came,
    /// then <see cref="NdiWatch.BothSides"/>.
    /// </summary>
    public string Describe()
    {
        lock (_frames)
        {
            string last = _frames.Count == 0 ? "none" : $"the last is frame {_frames[^1].Index}, received {(DateTime.UtcNow - _lastArrival).TotalSeconds:F1} s ago";
            return BothSides($"{_frames.Count} programme frames received, {last}");
        }
    }

    protected override void Take(NdiReceivedVideoFrame frame, long arrived)
    {
        if (frame.Layout.Width != OverlayPixels.Width || frame.Layout.Height != OverlayPixels.Height)
            return;
        byte[] rgb = _rgb;
        ReadOnlySpan<byte> bgra = frame.Pixels;
        int stride = frame.StrideBytes, magenta = 0, greenPixels = 0;
        for (int y = 0; y < OverlayPixels.Height; y++)
        {
            for (int x = 0; x < OverlayPixels.Width; x++)
            {
                int i = (y * stride) + (x * 4), o = ((y * OverlayPixels.Width) + x) * 3;
                (rgb[o], rgb[o + 1], rgb[o + 2]) = (bgra[i + 2], bgra[i + 1], bgra[i]);
                // The lower third sits in the bottom-left quarter (5 % margins).
                if (x < OverlayPixels.Width / 2 && y > OverlayPixels.Height / 2 && IsMagenta(bgra[i + 2], bgra[i + 1], bgra[i]))
                    magenta++;
                greenPixels += IsGreen(bgra[i + 2], bgra[i + 1], bgra[i]) ? 1 : 0;
            }
        }
        int orange = OverlayPixels.CountOrange(rgb, 3, out _, out _, out _, out _);
        int? camera = _cameraOfStamp is not null && FrameStamp.Read(bgra, stride) is { } stamp ? _cameraOfStamp(stamp) : null;
        lock (_frames)
        {
            _frames.Add(new Seen(NdiTimecode.ToFrameIndex(frame.Timecode, s_rate), orange, magenta, camera, greenPixels));
            _lastArrival = DateTime.UtcNow;
            _last = rgb;
            _rgb = new byte[rgb.Length]; // the kept picture is the screenshot's; the next frame gets its own
        }
    }
}
