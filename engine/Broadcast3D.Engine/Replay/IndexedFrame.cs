using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Replay;

/// <summary>One recorded picture as the index lists it.</summary>
/// <param name="FrameInSegment">Position in its segment, decode order.</param>
/// <param name="Pts">Presentation time in the segment's 1/90000 s time base, as the segment carries it.</param>
/// <param name="Capture">Capture time, seconds (camera timeline).</param>
/// <param name="Timecode">Timecode of the capture time at the run's frame rate.</param>
/// <param name="ByteOffset">Where its packet starts in the segment file.</param>
/// <param name="KeyFrame">Decoding may start here.</param>
public readonly record struct IndexedFrame(int FrameInSegment, long Pts, Rational Capture, string Timecode, long ByteOffset, bool KeyFrame);
