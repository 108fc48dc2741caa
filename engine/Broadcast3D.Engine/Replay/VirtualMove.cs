namespace Broadcast3D.Engine.Replay;

/// <summary>How a <see cref="VirtualCamera"/> moves around the athlete.</summary>
public enum VirtualMove
{
    /// <summary>One full turn around the athlete, starting and ending on the real camera's side.</summary>
    Orbit,

    /// <summary>From the real camera's side to a given view (<see cref="VirtualCameraShot.View"/>), eased in and out.</summary>
    Fly,
}
