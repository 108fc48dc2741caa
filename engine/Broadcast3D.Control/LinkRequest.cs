namespace Broadcast3D.Control;

/// <summary>Body of <c>POST /api/privacy/links</c>: link track <see cref="TrackId"/> to the registry's identity <see cref="Identity"/>.</summary>
/// <param name="TrackId">The 3D track id (as in <c>GET /api/people</c>).</param>
/// <param name="Identity">The identity's id in the consent registry.</param>
public sealed record LinkRequest(int TrackId, string Identity);
