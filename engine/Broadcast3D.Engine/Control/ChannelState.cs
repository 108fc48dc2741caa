namespace Broadcast3D.Engine.Control;

/// <summary>The programme channel's counters.</summary>
/// <param name="Frame">The programme frame last begun (-1 before the first).</param>
/// <param name="FrameRate">Frames per second, e.g. <c>60</c> or <c>60000/1001</c>.</param>
/// <param name="Ticks">Frames run.</param>
/// <param name="Late">Ticks that started late.</param>
/// <param name="Repeated">Ticks that showed the previous picture again (no new camera picture).</param>
/// <param name="DroppedByOutputs">Pictures an output could not take.</param>
/// <param name="DroppedTicks">Ticks skipped to stay on the wall clock.</param>
/// <param name="CommandsApplied">Control commands applied between frames.</param>
public sealed record ChannelState(long Frame, string FrameRate, long Ticks, long Late, long Repeated, long DroppedByOutputs, long DroppedTicks,
    long CommandsApplied);
