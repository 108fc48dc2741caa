namespace Broadcast3D.Control;

/// <summary><c>POST /api/overlays</c>: switch an overlay kind on or off, for everyone or one athlete.</summary>
/// <param name="Kind">skeleton, labels, trails or speed.</param>
/// <param name="On">true: shown; false: hidden.</param>
/// <param name="PersonId">Track id of one athlete; absent or null: everyone.</param>
public sealed record OverlayRequest(string Kind, bool On, int? PersonId = null);
