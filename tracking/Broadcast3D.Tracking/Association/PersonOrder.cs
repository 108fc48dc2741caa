namespace Broadcast3D.Tracking.Association;

/// <summary>How <see cref="MultiPersonTrial"/> numbers the people of a trial (P1, P2, …).</summary>
public enum PersonOrder
{
    /// <summary>By the frame each person first appears in (ties: the better associated first).</summary>
    FirstAppearance,

    /// <summary>By the number of frames each person is present in, most first (ties: first appearance).</summary>
    MostFrames,
}
