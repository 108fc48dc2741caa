namespace Broadcast3D.Engine.Control;

/// <summary>A command applied on the channel thread between frames.</summary>
/// <param name="Sequence">The command's number in this run (1, 2, ...), in the order they were posted.</param>
/// <param name="Command">What was done, e.g. <c>overlay skeleton off</c>.</param>
/// <param name="PostedAtFrame">The programme frame the channel was on when the command was posted (-1 before the first).</param>
/// <param name="AppliedAtFrame">
/// The first programme frame drawn with the command applied: its picture carries this frame index (the NDI timecode
/// and file timestamp of frame n), so on air it shows from that frame on.
/// </param>
public sealed record ControlAck(long Sequence, string Command, long PostedAtFrame, long AppliedAtFrame);
