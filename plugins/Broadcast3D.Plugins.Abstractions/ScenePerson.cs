using System.Numerics;

namespace Broadcast3D.Plugins;

/// <summary>
/// One tracked person as a plugin sees it: a stable id, an optional name, the 3D joints (world metres, Z up, NaN
/// components for a joint not seen) at the picture's time and their velocities (metres per second, NaN when not
/// known). Filled by the host; read it during the call that handed it over, do not keep it (the host reuses it).
/// </summary>
public sealed class ScenePerson
{
    private readonly Vector3[] _joints;
    private readonly Vector3[] _velocities;

    internal ScenePerson(int jointCount)
    {
        _joints = new Vector3[jointCount];
        _velocities = new Vector3[jointCount];
    }

    /// <summary>The tracker's id of the person, stable while the person stays tracked.</summary>
    public int Id { get; internal set; }

    /// <summary>The person's name (e.g. from the start list), or null.</summary>
    public string? Name { get; internal set; }

    /// <summary>True for the athlete the producer highlights (at most one person); draw them so they stand out.</summary>
    public bool Highlighted { get; internal set; }

    /// <summary>Joints, world metres, in the order of <see cref="SceneSkeleton.JointNames"/>.</summary>
    public ReadOnlySpan<Vector3> Joints => _joints;

    /// <summary>Joint velocities, metres per second (NaN until the person has been seen twice).</summary>
    public ReadOnlySpan<Vector3> Velocities => _velocities;

    internal Span<Vector3> JointsBuffer => _joints;

    internal Span<Vector3> VelocitiesBuffer => _velocities;

    /// <summary>True when every component of <paramref name="point"/> is finite (a joint that was seen).</summary>
    public static bool IsFinite(Vector3 point) => float.IsFinite(point.X) && float.IsFinite(point.Y) && float.IsFinite(point.Z);
}
