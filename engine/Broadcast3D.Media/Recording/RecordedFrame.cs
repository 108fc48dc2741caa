using Broadcast3D.Core.Time;

namespace Broadcast3D.Media.Recording;

/// <summary>One picture's packet as written into a segment.</summary>
/// <param name="Pts">Presentation time in the segment's time base (<see cref="SegmentRecorder.SegmentTimeBase"/>: 1/90000 s, MPEG-TS).</param>
/// <param name="CaptureTime">Seconds on the camera's timeline (the reader's capture time of this picture).</param>
/// <param name="ByteOffset">Where the packet starts in the segment file (bytes; the transport packets carrying it follow).</param>
/// <param name="FrameInSegment">0-based position of this packet in the segment, in decode order.</param>
/// <param name="KeyFrame">True for a key frame (decoding may start here).</param>
/// <param name="ArrivalUtcTicks">UTC wall clock (100 ns ticks since 0001-01-01) when the recorder wrote it.</param>
public readonly record struct RecordedFrame(long Pts, Rational CaptureTime, long ByteOffset, int FrameInSegment, bool KeyFrame, long ArrivalUtcTicks);
