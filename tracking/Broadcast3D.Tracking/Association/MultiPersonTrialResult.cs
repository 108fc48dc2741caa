namespace Broadcast3D.Tracking.Association;

/// <summary>What <see cref="MultiPersonTrial.Run"/> produced. Immutable.</summary>
/// <param name="People">The people, numbered by <see cref="MultiPersonTrialOptions.Order"/> (P1 first).</param>
/// <param name="Frames">Frames in the trial.</param>
/// <param name="MostPeopleAssociated">Most people the association found in one frame (before the cap).</param>
/// <param name="FramesOverMaxPeople">Frames in which more people were associated than
/// <see cref="MultiPersonTrialOptions.MaxPeople"/> (the rest were left out).</param>
/// <param name="FirstFrameOverMaxPeople">First such frame (0-based), or -1.</param>
public sealed record MultiPersonTrialResult(IReadOnlyList<TrialPerson> People, int Frames, int MostPeopleAssociated, int FramesOverMaxPeople,
    int FirstFrameOverMaxPeople);
