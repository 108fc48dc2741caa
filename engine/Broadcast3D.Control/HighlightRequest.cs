namespace Broadcast3D.Control;

/// <summary><c>POST /api/highlight</c>: the athlete drawn highlighted.</summary>
/// <param name="PersonId">Track id; null: nobody.</param>
public sealed record HighlightRequest(int? PersonId);
