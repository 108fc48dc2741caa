using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Replay;

/// <summary>One <c>b3d run</c> in a recording.</summary>
/// <param name="Id">Run id (1, 2, ... in the order they started).</param>
/// <param name="StartedUtc">When the run started (UTC).</param>
/// <param name="FrameRate">The programme's frame rate: timecodes count frames at it.</param>
public sealed record RecordedRun(long Id, DateTime StartedUtc, FrameRate FrameRate);
