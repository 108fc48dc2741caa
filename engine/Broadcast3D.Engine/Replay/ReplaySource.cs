using Broadcast3D.Core.Time;
using Broadcast3D.Media;

namespace Broadcast3D.Engine.Replay;

/// <summary>
/// One camera's recorded pictures between two capture times, served by time on a regular timeline: the picture on
/// screen at the range's start (<c>from</c>) is frame 0, every other recorded picture is the frame its capture time
/// rounds to at the run's frame rate from there, and <see cref="PictureAt"/> returns the last picture whose frame is
/// at or before ⌊(time − from) / frame period⌋. So at speed 1 every recorded picture is shown exactly once, at 0.5
/// exactly twice, whatever the capture times' jitter (up to half a frame) or their 100 ns rounding in the index:
/// comparing a position stepped from a rounded mark with rounded capture times put the two on the same instant, and
/// the rounding decided which picture was on screen (a repeat then a skip every third frame at 60 fps). Decoding goes
/// forward from the segment's key frame, reading one picture ahead; a time before the current picture reopens the
/// segment that holds it (segments start with a key frame, so a jump back costs at most a segment's decode). The
/// segments are pinned against retention while the source is open. Not thread-safe: one thread (the exporter's, or
/// the replay channel's).
/// </summary>
public sealed class ReplaySource : IDisposable
{
    private readonly RecordingCatalog _catalog;
    private readonly IReadOnlyList<RecordedSegment> _segments;
    private readonly IDisposable? _pin;
    private readonly string _clip;
    private readonly FrameRate _rate;
    private readonly FrameOutput _output;
    private Decoder? _decoder;
    private int _segment = -1;
    private readonly Rational _from;
    private readonly Rational _anchor;
    private readonly long[] _segmentFrame;
    private Dictionary<long, (Rational Capture, long Frame)> _byPts = [];
    private long _firstIndexedPts;
    private long _shift;
    private int _decoded;
    private (VideoFrame Frame, Rational Capture, long Index)? _current;
    private (VideoFrame Frame, Rational Capture, long Index)? _next;

    /// <summary>Opens camera <paramref name="camera"/> of <paramref name="run"/> for [<paramref name="from"/>, <paramref name="to"/>).</summary>
    /// <param name="catalog">The recording's index (kept open by the caller while the source lives).</param>
    /// <param name="run">The run.</param>
    /// <param name="camera">Camera name.</param>
    /// <param name="from">First time that will be asked for, seconds (capture timeline).</param>
    /// <param name="to">Time up to which pictures will be asked for.</param>
    /// <param name="clip">How errors name the clip ("clip cam01 1s–2s").</param>
    /// <param name="pins">Where to pin the segments against retention (the live index); null: a recording no longer written.</param>
    /// <param name="output">Pixel layout of the pictures served (RGBA for the exporter's encoder, native planes for a GPU plate).</param>
    /// <exception cref="ReplayException">The camera is not in the run, or has no picture at <paramref name="from"/>.</exception>
    public ReplaySource(RecordingCatalog catalog, RecordedRun run, string camera, Rational from, Rational to, string clip, RecordingIndex? pins = null,
        FrameOutput output = FrameOutput.Rgba)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(run);
        _catalog = catalog;
        _clip = clip;
        _rate = run.FrameRate;
        _output = output;
        // Index times are floored to 100 ns, and so is a mark made at the picture on air: a picture captured within
        // this tolerance after `from` is the one on screen at `from`.
        Rational tolerance = _rate.FrameDuration / new Rational(100, 1);
        _segments = catalog.Segments(run, camera, from, to);
        if (_segments.Count == 0 || _segments[0].Start > from + tolerance)
        {
            Rational at = _segments.Count == 0 ? from : _segments[0].Start;
            throw new ReplayException($"{clip}: camera {camera} has no picture at {Describe(from)} (a gap in its recording until {Describe(at)}); move the mark-in");
        }
        _from = from;
        _anchor = _segments[0].Start;
        foreach (IndexedFrame f in catalog.Frames(_segments[0].Id))
        {
            if (f.Capture <= from + tolerance)
                _anchor = f.Capture;
        }
        _segmentFrame = [.. _segments.Select(s => FrameOf(s.Start))];
        bool found = false;
        for (int i = _segments.Count - 1; i >= 0 && !found; i--)
        {
            foreach (IndexedFrame f in catalog.Frames(_segments[i].Id))
            {
                if (f.Capture < to - tolerance)
                {
                    LastFrame = Math.Max(LastFrame, FrameOf(f.Capture));
                    found = true;
                }
            }
        }
        Camera = camera;
        _pin = pins?.Pin([.. _segments.Select(s => s.Id)]);
    }

    /// <summary>The camera served.</summary>
    public string Camera { get; }

    /// <summary>Capture time of the picture <see cref="PictureAt"/> returned last (seconds); null before the first.</summary>
    public Rational? Capture => _current?.Capture;

    /// <summary>
    /// The frame, on the range's timeline (0: the picture on screen at <c>from</c>), of the last picture captured
    /// before <c>to</c> (as indexed when the source was opened): a replay of the range ends on it.
    /// </summary>
    public long LastFrame { get; }

    /// <summary>Segments the range spans.</summary>
    public int Segments => _segments.Count;

    /// <summary>
    /// The picture on screen at <paramref name="time"/> (the last whose frame on the range's timeline is at or before
    /// ⌊(time − from) / frame period⌋): owned by the source and valid until the next call (call
    /// <see cref="VideoFrame.Retain"/> to keep it longer); null before the first picture of the range.
    /// </summary>
    /// <exception cref="ReplayException">A segment is missing or corrupt (named with the clip and its time).</exception>
    public VideoFrame? PictureAt(Rational time)
    {
        long frame = ((time - _from) / _rate.FrameDuration).Floor();
        if (_current is { } current && frame < current.Index)
            Reopen(frame);
        if (_current is null)
            Reopen(frame);
        while (true)
        {
            _next ??= ReadNext();
            if (_next is not { } next || next.Index > frame)
                break;
            _current?.Frame.Dispose();
            _current = next;
            _next = null;
        }
        return _current?.Frame;
    }

    /// <summary>Closes the decoder, gives the pictures back and releases the pins.</summary>
    public void Dispose()
    {
        _current?.Frame.Dispose();
        _next?.Frame.Dispose();
        _current = _next = null;
        _decoder?.Dispose();
        _decoder = null;
        _pin?.Dispose();
    }

    /// <summary>The frame a capture time is on, on the range's timeline: rounded, so jitter under half a frame keeps each picture on its own frame.</summary>
    private long FrameOf(Rational capture) => ((capture - _anchor) / _rate.FrameDuration).Round();

    /// <summary>Starts decoding at the segment holding <paramref name="frame"/> (the last that starts at or before it).</summary>
    private void Reopen(long frame)
    {
        int segment = 0;
        for (int i = 0; i < _segments.Count; i++)
        {
            if (_segmentFrame[i] <= frame)
                segment = i;
        }
        _current?.Frame.Dispose();
        _next?.Frame.Dispose();
        _current = _next = null;
        Open(segment);
    }

    private void Open(int segment)
    {
        _decoder?.Dispose();
        _decoder = null;
        _segment = segment;
        RecordedSegment s = _segments[segment];
        string where = $"{_clip}: segment {s.Path} ({Describe(s.Start)})";
        if (!File.Exists(s.Path))
            throw new ReplayException($"{where} is missing (deleted by hand, or by retention after this clip was cued); pick marks inside what b3d replay list shows");
        IReadOnlyList<IndexedFrame> frames = _catalog.Frames(s.Id);
        _byPts = new Dictionary<long, (Rational, long)>(frames.Count);
        foreach (IndexedFrame f in frames)
            _byPts[f.Pts] = (f.Capture, FrameOf(f.Capture));
        _firstIndexedPts = frames.Count > 0 ? frames[0].Pts : 0;
        _shift = 0;
        _decoded = 0;
        try
        {
            // Three pictures in use at most (on screen, read ahead, one being decoded) and one spare.
            _decoder = Decoder.Open(s.Path, new DecoderOptions { Output = _output, Hardware = HardwareDecode.Software, PoolSize = 4 });
        }
        catch (MediaException ex)
        {
            throw new ReplayException($"{where} is corrupt: {ex.Message}", ex);
        }
    }

    /// <summary>The next indexed picture in time order, across segments; null at the end of the range.</summary>
    private (VideoFrame, Rational, long)? ReadNext()
    {
        while (_decoder is not null)
        {
            RecordedSegment s = _segments[_segment];
            VideoFrame? frame;
            try
            {
                if (!_decoder.TryRead(out frame))
                    frame = null;
            }
            catch (MediaException ex)
            {
                throw new ReplayException($"{_clip}: segment {s.Path} ({Describe(s.Start)}) is corrupt: {ex.Message}", ex);
            }
            if (frame is null)
            {
                if (_decoded == 0 && _byPts.Count > 0)
                    throw new ReplayException($"{_clip}: segment {s.Path} ({Describe(s.Start)}) is corrupt: not one of its {_byPts.Count} indexed pictures decodes");
                if (_decoder.CorruptPackets > 0 || _decoder.DamagedFrames > 0)
                    Serilog.Log.Warning("{Clip:l}: segment {Path:l}: {Corrupt} corrupt packets, {Damaged} damaged pictures (concealed)", _clip, s.Path, _decoder.CorruptPackets, _decoder.DamagedFrames);
                if (_segment + 1 >= _segments.Count)
                {
                    _decoder.Dispose();
                    _decoder = null;
                    return null;
                }
                Open(_segment + 1);
                continue;
            }
            // The muxer may have shifted a segment's timestamps (an encoder's B-frame delay, encode mode): the first
            // picture in presentation order is the first indexed one, and the shift holds for the rest.
            if (++_decoded == 1)
                _shift = frame.Pts - _firstIndexedPts;
            if (_byPts.TryGetValue(frame.Pts - _shift, out (Rational Capture, long Frame) indexed))
                return (frame, indexed.Capture, indexed.Frame);
            frame.Dispose(); // not in the index (written after its last commit before a crash): not placed in time
        }
        return null;
    }

    private string Describe(Rational seconds) => ReplayExporter.Describe(seconds, _rate);
}
