namespace Broadcast3D.Control;

/// <summary><c>POST /api/lower-third</c>: takes a lower third on air.</summary>
/// <param name="Title">Up to 80 characters; may be empty when <paramref name="PersonId"/> is given (the athlete's name is shown).</param>
/// <param name="Subtitle">Up to 120 characters, optional.</param>
/// <param name="PersonId">Track id of the athlete it is about, optional.</param>
public sealed record LowerThirdRequest(string? Title = null, string? Subtitle = null, int? PersonId = null);
