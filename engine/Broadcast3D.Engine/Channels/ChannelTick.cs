using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Channels;

/// <summary>One output frame of a channel.</summary>
/// <param name="FrameIndex">Index since the channel started, 0-based.</param>
/// <param name="Time">Exact output time of the frame in seconds since the channel started.</param>
/// <param name="LateSeconds">How late the tick started relative to its deadline (0 offline).</param>
public readonly record struct ChannelTick(long FrameIndex, Rational Time, double LateSeconds);
