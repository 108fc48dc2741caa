using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Replay;

/// <summary>
/// Where a <see cref="ReplayController"/> tells that a clip was cued or unloaded, so the athletes' meshes of the clip
/// can be carved off the channel thread (issue #18; the live replay channel's worker implements it).
/// <see cref="Cued"/> and <see cref="Unloaded"/> are called on the channel thread and must return at once;
/// <see cref="State"/> from any thread.
/// </summary>
public interface IReplayMeshes
{
    /// <summary>
    /// A clip was cued: <paramref name="camera"/> between <paramref name="from"/> and <paramref name="to"/> (common
    /// clock; <paramref name="to"/> exclusive: after the clip's last picture). <paramref name="carve"/>: build its
    /// meshes (true), draw capsules (false), or the channel's configured choice (null). Replaces the previous clip's
    /// meshes, whose carving is cancelled.
    /// </summary>
    void Cued(string camera, Rational from, Rational to, bool? carve);

    /// <summary>The clip was unloaded (stop, a refused segment): its carving is cancelled and its meshes dropped.</summary>
    void Unloaded();

    /// <summary>The cued clip's meshes: mode, instants carved and with a mesh; null when nothing is cued.</summary>
    ReplayMeshState? State { get; }
}
