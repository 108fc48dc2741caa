namespace Broadcast3D.Engine.Scene;

/// <summary>
/// A lower third on air: title over subtitle at the bottom-left safe area. Bound to an athlete
/// (<see cref="PersonId"/>), its title follows the name assigned to that track.
/// </summary>
/// <param name="Title">Title line as shown (bound without a title of its own: the athlete's name or "#id").</param>
/// <param name="Subtitle">Subtitle line (may be empty).</param>
/// <param name="PersonId">Track id of the athlete it is about, or null.</param>
public sealed record LowerThird(string Title, string Subtitle, int? PersonId);
