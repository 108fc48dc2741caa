using Broadcast3D.Core.Time;
using Broadcast3D.Media;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// A slot of the ingest → channel hand-over (<see cref="Broadcast3D.Core.Threading.FrameQueue{T}"/>): the decoded
/// frame of every camera of one frame set, each held by reference (no copy), with the capture time they show and when
/// they were ingested. The channel uploads only the programme camera's (and a camera's latest when a preview asks for
/// it), so the others cost a reference each, not a GPU upload. The writer fills it with <see cref="Hold(int, VideoFrame?)"/>
/// per camera and <see cref="Stamp"/>, the reader takes each frame out with <see cref="Take(int)"/>; frames the
/// queue dropped unread are given back when the writer next fills the slot, and <see cref="Release"/> gives back
/// what is left at the end. Not thread-safe: one owner at a time, as the queue hands the slots over.
/// </summary>
public sealed class ProgramPicture
{
    private VideoFrame?[] _frames;

    /// <summary>
    /// A slot for <paramref name="cameras"/> cameras' frames. Sized up front: a slot the queue first hands out late
    /// in a run would otherwise grow on the ingest thread in the steady state (40 B, seen in LiveThreadCostTests).
    /// </summary>
    public ProgramPicture(int cameras = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cameras, 1);
        _frames = new VideoFrame?[cameras];
    }

    /// <summary>Camera 0's frame held (one reference, this slot's), or null.</summary>
    public VideoFrame? Frame => _frames[0];

    /// <summary>Cameras the slot has room for (grown by <see cref="Hold(int, VideoFrame?)"/>).</summary>
    public int Cameras => _frames.Length;

    /// <summary>Capture time of the frames, seconds on the sync time line.</summary>
    public Rational Time { get; private set; }

    /// <summary>Stopwatch ticks when the frame set left the sync stage.</summary>
    public long IngestTimestamp { get; private set; }

    /// <summary>Timeline segment of the frame set the frames came in (<see cref="Sync.FrameSet.Segment"/>).</summary>
    public long Segment { get; private set; }

    /// <summary>
    /// Writer, one camera: holds <paramref name="frame"/> as camera 0's (the only one) with a reference
    /// (<see cref="VideoFrame.Retain"/>), giving back frames left unread in the slot; <paramref name="segment"/> is its
    /// frame set's timeline segment.
    /// </summary>
    public void Hold(VideoFrame frame, Rational time, long ingestTimestamp, long segment = 0)
    {
        ArgumentNullException.ThrowIfNull(frame);
        for (int c = 1; c < _frames.Length; c++)
            Hold(c, null);
        Hold(0, frame);
        Stamp(time, ingestTimestamp, segment);
    }

    /// <summary>
    /// Writer: holds a reference to camera <paramref name="camera"/>'s <paramref name="frame"/> (null: the set had none
    /// from it), giving back the frame left unread in its place. The first call for a camera index beyond the slot's
    /// room grows it (once per slot, at start-up).
    /// </summary>
    public void Hold(int camera, VideoFrame? frame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(camera);
        if (camera >= _frames.Length)
            Array.Resize(ref _frames, camera + 1);
        frame?.Retain();
        _frames[camera]?.Dispose();
        _frames[camera] = frame;
    }

    /// <summary>Writer: the capture time, ingest time and timeline segment of the frames held.</summary>
    public void Stamp(Rational time, long ingestTimestamp, long segment)
    {
        Time = time;
        IngestTimestamp = ingestTimestamp;
        Segment = segment;
    }

    /// <summary>Reader: camera 0's frame, whose reference passes to the caller (who disposes it); null when the slot holds none.</summary>
    public VideoFrame? Take() => Take(0);

    /// <summary>Reader: camera <paramref name="camera"/>'s frame, whose reference passes to the caller; null when the slot holds none.</summary>
    public VideoFrame? Take(int camera)
    {
        if ((uint)camera >= (uint)_frames.Length)
            return null;
        VideoFrame? frame = _frames[camera];
        _frames[camera] = null;
        return frame;
    }

    /// <summary>Gives back the frames still held, if any (at the end of a run, once neither side uses the slot).</summary>
    public void Release()
    {
        for (int c = 0; c < _frames.Length; c++)
        {
            _frames[c]?.Dispose();
            _frames[c] = null;
        }
    }
}
