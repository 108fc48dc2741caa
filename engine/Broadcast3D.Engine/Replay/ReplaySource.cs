using Broadcast3D.Core.Time;
using Broadcast3D.Media;

namespace Broadcast3D.Engine.Replay;

/// <summary>
/// One camera's recorded pictures between two capture times, served by time: <see cref="PictureAt"/> returns the
/// picture on screen at a time (the last one captured at or before it), decoding forward from the segment's key frame
/// and reading one picture ahead; a time before the current picture reopens the segment that holds it (segments start
/// with a key frame, so a jump back costs at most a segment's decode). The segments are pinned against retention while
/// the source is open. Not thread-safe: one thread (the exporter's, or the replay channel's).
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
    private Dictionary<long, Rational> _captureByPts = [];
    private long _firstIndexedPts;
    private long _shift;
    private int _decoded;
    private (VideoFrame Frame, Rational Capture)? _current;
    private (VideoFrame Frame, Rational Capture)? _next;

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
        _segments = catalog.Segments(run, camera, from, to);
        if (_segments.Count == 0 || _segments[0].Start > from)
        {
            Rational at = _segments.Count == 0 ? from : _segments[0].Start;
            throw new ReplayException($"{clip}: camera {camera} has no picture at {Describe(from)} (a gap in its recording until {Describe(at)}); move the mark-in");
        }
        Camera = camera;
        _pin = pins?.Pin([.. _segments.Select(s => s.Id)]);
    }

    /// <summary>The camera served.</summary>
    public string Camera { get; }

    /// <summary>Capture time of the picture <see cref="PictureAt"/> returned last (seconds); null before the first.</summary>
    public Rational? Capture => _current?.Capture;

    /// <summary>Segments the range spans.</summary>
    public int Segments => _segments.Count;

    /// <summary>
    /// The picture on screen at <paramref name="time"/>: owned by the source and valid until the next call (call
    /// <see cref="VideoFrame.Retain"/> to keep it longer); null before the first picture of the range.
    /// </summary>
    /// <exception cref="ReplayException">A segment is missing or corrupt (named with the clip and its time).</exception>
    public VideoFrame? PictureAt(Rational time)
    {
        if (_current is { } current && time < current.Capture)
            Reopen(time);
        if (_current is null)
            Reopen(time);
        while (true)
        {
            _next ??= ReadNext();
            if (_next is not { } next || next.Capture > time)
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

    /// <summary>Starts decoding at the segment holding <paramref name="time"/> (the last that starts at or before it).</summary>
    private void Reopen(Rational time)
    {
        int segment = 0;
        for (int i = 0; i < _segments.Count; i++)
        {
            if (_segments[i].Start <= time)
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
        _captureByPts = new Dictionary<long, Rational>(frames.Count);
        foreach (IndexedFrame f in frames)
            _captureByPts[f.Pts] = f.Capture;
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
    private (VideoFrame, Rational)? ReadNext()
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
                if (_decoded == 0 && _captureByPts.Count > 0)
                    throw new ReplayException($"{_clip}: segment {s.Path} ({Describe(s.Start)}) is corrupt: not one of its {_captureByPts.Count} indexed pictures decodes");
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
            if (_captureByPts.TryGetValue(frame.Pts - _shift, out Rational capture))
                return (frame, capture);
            frame.Dispose(); // not in the index (written after its last commit before a crash): not placed in time
        }
        return null;
    }

    private string Describe(Rational seconds) => ReplayExporter.Describe(seconds, _rate);
}
