namespace Broadcast3D.Engine.Scene;

/// <summary>An immutable copy of <see cref="ProgrammeGraphics"/> (the control API's view of what is on air).</summary>
/// <param name="Skeleton">Skeletons on for everyone.</param>
/// <param name="Labels">Id/name labels on for everyone.</param>
/// <param name="Trails">Pelvis trails on for everyone.</param>
/// <param name="Speed">Speed labels on for everyone.</param>
/// <param name="HiddenFor">Per track id, the kinds switched off for that person alone.</param>
/// <param name="Highlight">The highlighted track id, or null.</param>
/// <param name="Names">Names given to track ids.</param>
/// <param name="LowerThird">The lower third on air, or null.</param>
public sealed record GraphicsState(bool Skeleton, bool Labels, bool Trails, bool Speed, IReadOnlyDictionary<int, IReadOnlyList<OverlayKind>> HiddenFor,
    int? Highlight, IReadOnlyDictionary<int, string> Names, LowerThird? LowerThird)
{
    /// <summary>Every overlay plugin on for everyone, by name (built-ins and external plugins), in ordinal order.</summary>
    public IReadOnlyList<string> Overlays { get; init; } = [];
}
