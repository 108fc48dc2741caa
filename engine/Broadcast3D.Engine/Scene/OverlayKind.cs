namespace Broadcast3D.Engine.Scene;

/// <summary>The per-person overlays the programme draws, each switched on and off globally or for one person.</summary>
public enum OverlayKind
{
    /// <summary>Bones and joints through the calibrated camera.</summary>
    Skeleton,

    /// <summary>The id (or assigned name) label at the head.</summary>
    Labels,

    /// <summary>The pelvis trail of the last second.</summary>
    Trails,

    /// <summary>The pelvis speed label, m/s.</summary>
    Speed,
}
