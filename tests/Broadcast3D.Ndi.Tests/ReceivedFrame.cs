using Broadcast3D.Core.Time;

namespace Broadcast3D.Ndi.Tests;

/// <summary>
/// What a loopback test keeps of one received frame: its timecode, timestamp, rate and layout as delivered, and
/// its error per compared plane or channel ("level" for the samples identifying the frame, "B", "G", "R", "A", "UYVY", "alpha") against the expected pattern.
/// </summary>
internal sealed record ReceivedFrame(long Timecode, long? Timestamp, FrameRate Rate, NdiVideoLayout Layout, IReadOnlyDictionary<string, PixelError> Channels);
