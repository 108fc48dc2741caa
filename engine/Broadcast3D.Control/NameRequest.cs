namespace Broadcast3D.Control;

/// <summary><c>POST /api/people/{id}/name</c>: the name shown for a track instead of "#id".</summary>
/// <param name="Name">Up to 40 characters, one line; null or empty: the name is removed.</param>
public sealed record NameRequest(string? Name);
