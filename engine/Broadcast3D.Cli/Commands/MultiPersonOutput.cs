using System.Globalization;
using System.Text;
using Broadcast3D.Tracking.Association;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// The <c>--associate</c> half of <c>b3d triangulate</c>: its options checked into <see cref="MultiPersonTrialOptions"/>,
/// and the outputs: <c>&lt;trial&gt;_0-&lt;frames&gt;_P&lt;n&gt;.trc</c> per person (Pose2Sim's naming, the trial being the
/// folder above the 2D folders) and <c>&lt;trial&gt;_0-&lt;frames&gt;_people.tsv</c>, the per-person summary also printed.
/// </summary>
internal static class MultiPersonOutput
{
    /// <summary>The trial options from the command line; each bad value is refused naming its option.</summary>
    public static MultiPersonTrialOptions Options(int minViews, int maxPeople, double likelihood, double maxRayDistance, double minAffinity,
        double maxStep, int maxMissed, double reidRadius, PersonOrder order)
    {
        if (maxPeople < 1)
            throw new UsageException($"--max-people {maxPeople}: give the most people to triangulate per frame, 1 or more");
        if (!(likelihood >= 0 && likelihood <= 1))
            throw new UsageException(Invariant($"--association-likelihood {likelihood}: give a confidence from 0 to 1"));
        if (!(maxRayDistance > 0) || maxRayDistance > 10)
            throw new UsageException(Invariant($"--max-ray-distance {maxRayDistance}: give a distance in metres above 0 and at most 10 (Pose2Sim uses 0.1)"));
        if (!(minAffinity >= 0 && minAffinity < 1))
            throw new UsageException(Invariant($"--min-affinity {minAffinity}: give an affinity from 0 up to (not including) 1 (Pose2Sim uses 0.2)"));
        if (!(maxStep > 0) || maxStep > 100)
            throw new UsageException(Invariant($"--max-step {maxStep}: give a distance in metres per frame above 0 and at most 100"));
        if (maxMissed < 0)
            throw new UsageException($"--max-missed {maxMissed}: give a number of frames, 0 or more");
        if (!(reidRadius >= 0) || !double.IsFinite(reidRadius))
            throw new UsageException(Invariant($"--reid-radius {reidRadius}: give a distance in metres, 0 or more"));
        return new MultiPersonTrialOptions
        {
            Trial = new TrialTriangulationOptions { Triangulation = new TriangulationSettings { MinCameras = minViews } },
            Association = new AssociationOptions
            {
                ConfidenceThreshold = likelihood, MaxMeanRayDistanceMetres = maxRayDistance, MinAffinity = minAffinity, MinCameras = minViews,
            },
            MaxPeople = maxPeople,
            MaxStepMetres = maxStep,
            MaxMissedFrames = maxMissed,
            ReidentifyRadiusMetres = reidRadius,
            Order = order,
        };
    }

    /// <summary>Writes one TRC per person and the summary into <paramref name="folder"/>, printing the summary.</summary>
    public static void Write(MultiPersonTrialResult result, string pose2d, string folder, double rate,
        Action<TrialTriangulationResult, string, double> writeTrc)
    {
        string trial = TrialName(pose2d);
        string stem = Path.Combine(folder, Invariant($"{trial}_0-{result.Frames}"));
        if (result.FramesOverMaxPeople > 0)
        {
            Console.Out.WriteLine(Invariant(
                $"WARNING: {result.FramesOverMaxPeople} frame(s), the first frame {result.FirstFrameOverMaxPeople}, held up to {result.MostPeopleAssociated} people; ") +
                "only the best associated of each were triangulated (raise --max-people to keep them all).");
        }
        if (result.People.Count == 0)
        {
            Console.Out.WriteLine("No person was seen by enough cameras (--min-views) with rays close enough (--max-ray-distance, --min-affinity): no TRC written.");
            return;
        }

        var table = new StringBuilder("person\tfile\tfirst_frame\tlast_frame\tframes_present\tmean_error_px\tmean_error_mm\tambiguous_episodes\treidentifications\tsuspected_switches\n");
        Console.Out.WriteLine(Invariant($"{result.People.Count} people in {result.Frames} frames:"));
        foreach (TrialPerson person in result.People)
        {
            string file = Invariant($"{stem}_P{person.Number}.trc");
            writeTrc(person.Result, file, rate);
            double px = person.Result.GrandMeanErrorPixels();
            double mm = px * person.Result.PixelsToMetres * 1000;
            table.Append(Invariant($"P{person.Number}\t{Path.GetFileName(file)}\t{person.FirstFrame}\t{person.LastFrame}\t{person.FramesPresent}\t{px:F2}\t{mm:F1}\t"))
                .Append(Invariant($"{person.AmbiguousEpisodes}\t{person.Reidentifications}\t{person.SuspectedSwitches}\n"));
            Console.Out.WriteLine(Invariant(
                $"  P{person.Number}: frames {person.FirstFrame}-{person.LastFrame}, present in {person.FramesPresent}; mean reprojection error {px:F1} px (~ {mm:F0} mm); ") +
                Invariant($"identity switches suspected: {person.SuspectedSwitches} ({person.AmbiguousEpisodes} close crossings, {person.Reidentifications} re-identifications) -> {file}"));
        }
        string summary = stem + "_people.tsv";
        File.WriteAllText(summary, table.ToString());
        Console.Out.WriteLine($"Per-person summary stored at {summary}.");
    }

    // Pose2Sim names results after the trial folder, the one holding pose/ (e.g. S00_P00_T01_BalancingTrial).
    private static string TrialName(string pose2d)
    {
        string full = Path.GetFullPath(pose2d).TrimEnd(Path.DirectorySeparatorChar);
        string? parent = Path.GetFileName(Path.GetDirectoryName(full));
        return string.IsNullOrEmpty(parent) ? Path.GetFileName(full) : parent;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
