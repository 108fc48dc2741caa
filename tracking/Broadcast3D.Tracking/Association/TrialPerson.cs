using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Tracking.Association;

/// <summary>One person of a <see cref="MultiPersonTrial"/>: their 3D over the whole trial and how well they were followed. Immutable.</summary>
/// <param name="Number">Output number (P1 = 1), after <see cref="MultiPersonTrialOptions.Order"/>.</param>
/// <param name="FirstFrame">First frame (0-based) the person was triangulated in.</param>
/// <param name="LastFrame">Last frame (0-based) the person was triangulated in.</param>
/// <param name="FramesPresent">Frames the person was associated and triangulated in.</param>
/// <param name="AmbiguousEpisodes">Runs of consecutive frames in which another person or track was nearly as close
/// as the one matched (<see cref="PersonTracker.WasAmbiguous"/>): crossings where ids may have swapped.</param>
/// <param name="Reidentifications">Times the person re-took their identity after being unseen.</param>
/// <param name="Detections">The 2D detection triangulated per frame × camera (index f·cameras + c): the index in
/// that camera's file's <c>people</c> array, -1 where the camera did not see the person (or the person was absent).</param>
/// <param name="Result">The triangulation: TRC rows for every frame of the trial, empty (NaN) outside
/// <paramref name="FirstFrame"/>..<paramref name="LastFrame"/> and in gaps longer than the gap-filling limit;
/// reprojection errors and excluded cameras NaN/0 where the person was absent.</param>
public sealed record TrialPerson(int Number, int FirstFrame, int LastFrame, int FramesPresent, int AmbiguousEpisodes, int Reidentifications,
    IReadOnlyList<int> Detections, TrialTriangulationResult Result)
{
    /// <summary>Identity switches suspected: ambiguous episodes plus re-identifications (each may have taken someone else's id).</summary>
    public int SuspectedSwitches => AmbiguousEpisodes + Reidentifications;
}
