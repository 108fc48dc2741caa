namespace Broadcast3D.Engine.Replay;

/// <summary>What a recording keeps: closed segments younger than <see cref="Keep"/>, and at most <see cref="MaxBytes"/> of them (newest first).</summary>
/// <param name="Keep">How long a closed segment is kept (wall clock since it was closed).</param>
/// <param name="MaxBytes">Most bytes of closed segments kept; older ones beyond it are deleted.</param>
public sealed record RecordingRetention(TimeSpan Keep, long MaxBytes);
