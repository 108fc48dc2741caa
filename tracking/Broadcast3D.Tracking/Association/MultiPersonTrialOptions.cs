using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Tracking.Association;

/// <summary>
/// Settings of <see cref="MultiPersonTrial"/>: the single-person trial settings (skeleton, markers, Pose2Sim's
/// triangulation thresholds, frame rate, gap filling, filter, accelerator; <see cref="TrialTriangulationOptions.Person"/>
/// is not used), the cross-view association thresholds, and the identity limits. Immutable.
/// </summary>
public sealed record MultiPersonTrialOptions
{
    /// <summary>Per-person triangulation, gap filling and filtering, as for one person.</summary>
    public TrialTriangulationOptions Trial { get; init; } = new();

    /// <summary>Cross-view association thresholds (Pose2Sim's multi-person defaults).</summary>
    public AssociationOptions Association { get; init; } = new();

    /// <summary>Most people triangulated per frame: the best associated (most cameras, then closest rays) first.</summary>
    public int MaxPeople { get; init; } = 10;

    /// <summary>Largest move of a person's 3D centroid from one frame to the next that keeps its identity (metres).</summary>
    public double MaxStepMetres { get; init; } = 0.5;

    /// <summary>
    /// Frames a person may be unseen (occluded, or out of the field) and still get their identity back when they
    /// reappear; beyond this, they come back as a new person (a new TRC).
    /// </summary>
    public int MaxMissedFrames { get; init; } = 120;

    /// <summary>
    /// Farthest a returning person may reappear from where they were last seen and keep their identity (metres),
    /// however long they were away; the reach also grows by only <see cref="MaxStepMetres"/> per unseen frame.
    /// </summary>
    public double ReidentifyRadiusMetres { get; init; } = 1.5;

    /// <summary>How the output people are numbered.</summary>
    public PersonOrder Order { get; init; } = PersonOrder.FirstAppearance;

    /// <summary>Throws when a value is out of range, naming the property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit outside its range.</exception>
    public void Validate()
    {
        Association.Validate();
        Trial.Triangulation.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPeople, 1, nameof(MaxPeople));
        if (!(MaxStepMetres > 0) || !double.IsFinite(MaxStepMetres))
            throw new ArgumentOutOfRangeException(nameof(MaxStepMetres), MaxStepMetres, "a distance in metres above 0");
        ArgumentOutOfRangeException.ThrowIfNegative(MaxMissedFrames, nameof(MaxMissedFrames));
        if (!(ReidentifyRadiusMetres >= 0) || !double.IsFinite(ReidentifyRadiusMetres))
            throw new ArgumentOutOfRangeException(nameof(ReidentifyRadiusMetres), ReidentifyRadiusMetres, "a distance in metres of 0 or more");
    }
}
