namespace Broadcast3D.Engine.Privacy;

/// <summary>
/// A rule that links a 3D track to an identity without the operator. <see cref="LinkRuleKind.Main"/>: the person
/// tracked the longest (the single athlete of a trial); <see cref="LinkRuleKind.Zone"/>: the only person whose pelvis
/// is inside the floor rectangle (world metres, X and Y of the calibration's Z-up frame) — two people inside link
/// nobody, because a guess would unblur a bystander.
/// </summary>
/// <param name="Kind">Which rule.</param>
/// <param name="MinX">Zone: smallest X, metres.</param>
/// <param name="MinY">Zone: smallest Y, metres.</param>
/// <param name="MaxX">Zone: largest X, metres.</param>
/// <param name="MaxY">Zone: largest Y, metres.</param>
public sealed record LinkRule(LinkRuleKind Kind, double MinX = 0, double MinY = 0, double MaxX = 0, double MaxY = 0)
{
    /// <summary>True when the floor point (<paramref name="x"/>, <paramref name="y"/>), metres, is inside the zone.</summary>
    public bool Contains(double x, double y) => x >= MinX && x <= MaxX && y >= MinY && y <= MaxY;
}
