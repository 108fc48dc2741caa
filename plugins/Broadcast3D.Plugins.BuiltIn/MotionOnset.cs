using System.Numerics;

namespace Broadcast3D.Plugins.BuiltIn;

/// <summary>
/// Detects the start of an attempt from the pelvis: the rest position follows the pelvis on the floor plane with a
/// time constant of <c>restSeconds</c> (so a standing athlete's sway and slow drift are rest), and the start is the
/// first sample whose horizontal distance from it exceeds <c>thresholdMetres</c>. The same detector runs on the live
/// athlete (<see cref="MotionStartAnalytics"/>) and on a recorded attempt (<see cref="GhostOverlay"/>), so its delay
/// after the true onset is the same on both sides and cancels in the alignment. One person; a value type, no allocation.
/// </summary>
internal struct MotionOnset
{
    private Vector2 _rest;
    private double _lastSeconds;
    private bool _seen;

    /// <summary>True once the start was detected (it stays detected).</summary>
    public bool Started { get; private set; }

    /// <summary>
    /// Feeds the pelvis <paramref name="pelvis"/> (world metres) at <paramref name="seconds"/>; true exactly once, at
    /// the sample where the start is detected.
    /// </summary>
    public bool Step(Vector3 pelvis, double seconds, double thresholdMetres, double restSeconds)
    {
        if (Started || !ScenePerson.IsFinite(pelvis))
            return false;
        var floor = new Vector2(pelvis.X, pelvis.Y);
        if (!_seen)
        {
            (_rest, _lastSeconds, _seen) = (floor, seconds, true);
            return false;
        }
        if (Vector2.Distance(floor, _rest) > thresholdMetres)
        {
            Started = true;
            return true;
        }
        double dt = Math.Max(0, seconds - _lastSeconds);
        _rest += (floor - _rest) * (float)(1 - Math.Exp(-dt / restSeconds));
        _lastSeconds = seconds;
        return false;
    }
}
