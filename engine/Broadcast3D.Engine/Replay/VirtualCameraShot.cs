using System.Globalization;

namespace Broadcast3D.Engine.Replay;

/// <summary>
/// What a <see cref="VirtualCamera"/> shot does: its move, where a fly ends, the dissolve back to the real camera and
/// the athlete followed. Written <c>orbit</c> or <c>fly[:VIEW]</c> on the command line (<see cref="Parse"/>). Immutable.
/// </summary>
/// <param name="Move">Orbit or fly.</param>
/// <param name="View">
/// Where a fly ends, seen from the athlete: <c>side</c> (default: a quarter turn from the real camera), <c>behind</c>,
/// <c>front</c> (the real camera's side), <c>top</c> (from above), or an azimuth in degrees in the world (0 = from +X,
/// counter-clockwise seen from above). Ignored by an orbit.
/// </param>
/// <param name="DissolveFrames">Frames at the end of the shot that dissolve into the real camera at the same instant (0: a cut).</param>
/// <param name="Athlete">Track id of the athlete followed; null: the lowest id present at the shot's first instant.</param>
public sealed record VirtualCameraShot(VirtualMove Move, string View, int DissolveFrames, int? Athlete)
{
    /// <summary>The views a fly may end on, besides an azimuth in degrees.</summary>
    public static IReadOnlyList<string> Views { get; } = ["side", "behind", "front", "top"];

    /// <summary>
    /// Parses <c>orbit</c> or <c>fly[:VIEW]</c>; <paramref name="option"/> names the option in errors.
    /// </summary>
    /// <exception cref="ReplayException">Not a move, an unknown view, or a negative dissolve (the message lists what is accepted).</exception>
    public static VirtualCameraShot Parse(string text, int dissolveFrames, int? athlete, string option = "--virtual")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (dissolveFrames < 0)
            throw new ReplayException($"--dissolve {dissolveFrames}: give a number of frames, 0 (a cut) or more");
        string[] parts = text.Trim().Split(':', 2);
        string move = parts[0].ToLowerInvariant();
        if (move == "orbit" && parts.Length == 1)
            return new VirtualCameraShot(VirtualMove.Orbit, "front", dissolveFrames, athlete);
        if (move == "fly")
        {
            string view = parts.Length == 2 ? parts[1].ToLowerInvariant() : "side";
            if (Views.Contains(view) || double.TryParse(view, NumberStyles.Float, CultureInfo.InvariantCulture, out double degrees) && double.IsFinite(degrees))
                return new VirtualCameraShot(VirtualMove.Fly, view, dissolveFrames, athlete);
            throw new ReplayException($"{option} '{text}': unknown view '{parts[1]}'; give fly:side, fly:behind, fly:front, fly:top or fly:DEGREES (an azimuth)");
        }
        throw new ReplayException($"{option} '{text}': not a camera move; give orbit or fly[:VIEW] (VIEW: side, behind, front, top or an azimuth in degrees)");
    }
}
