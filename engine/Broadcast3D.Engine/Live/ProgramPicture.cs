using Broadcast3D.Core.Time;
using Broadcast3D.Media;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// A slot of the ingest → channel hand-over (<see cref="Broadcast3D.Core.Threading.FrameQueue{T}"/>): the programme
/// camera's decoded frame held by reference (no copy), with the capture time it shows and when it was ingested. The
/// writer fills it with <see cref="Hold"/>, the reader takes the frame out with <see cref="Take"/>; a frame the queue
/// dropped unread is given back when the writer next fills the slot, and <see cref="Release"/> gives back what is
/// left at the end. Not thread-safe: one owner at a time, as the queue hands the slots over.
/// </summary>
public sealed class ProgramPicture
{
    /// <summary>The frame held (one reference, this slot's), or null.</summary>
    public VideoFrame? Frame { get; private set; }

    /// <summary>Capture time of the frame, seconds on the sync time line.</summary>
    public Rational Time { get; private set; }

    /// <summary>Stopwatch ticks when the frame set left the sync stage.</summary>
    public long IngestTimestamp { get; private set; }

    /// <summary>Timeline segment of the frame set the frame came in (<see cref="Sync.FrameSet.Segment"/>).</summary>
    public long Segment { get; private set; }

    /// <summary>
    /// Writer: holds a reference to <paramref name="frame"/> (<see cref="VideoFrame.Retain"/>), giving back a frame left
    /// unread in the slot; <paramref name="segment"/> is its frame set's timeline segment.
    /// </summary>
    public void Hold(VideoFrame frame, Rational time, long ingestTimestamp, long segment = 0)
    {
        ArgumentNullException.ThrowIfNull(frame);
        frame.Retain();
        Frame?.Dispose();
        Frame = frame;
        Time = time;
        IngestTimestamp = ingestTimestamp;
        Segment = segment;
    }

    /// <summary>Reader: the frame, whose reference passes to the caller (who disposes it); null when the slot holds none.</summary>
    public VideoFrame? Take()
    {
        VideoFrame? frame = Frame;
        Frame = null;
        return frame;
    }

    /// <summary>Gives back the frame still held, if any (at the end of a run, once neither side uses the slot).</summary>
    public void Release()
    {
        Frame?.Dispose();
        Frame = null;
    }
}
