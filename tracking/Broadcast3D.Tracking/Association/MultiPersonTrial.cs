using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Tracking.Association;

/// <summary>
/// Several people from raw multi-person 2D files (every detection of every view, unordered), as Pose2Sim's
/// multi-person <c>personAssociation</c> then <c>triangulation</c> do: frame by frame, the detections are associated
/// across views, each associated person's markers triangulated and identities kept over time
/// (<see cref="PeopleFrameStep"/>, the live graph's step); then per person, Pose2Sim's gap filling and optional
/// filter (<see cref="TrialTriangulation.Finish"/>). A person's TRC equals the single-person triangulation of the
/// same detections. Reads one frame at a time (memory grows with frames × people, not with detections).
/// Stateless and thread-safe.
/// </summary>
public static class MultiPersonTrial
{
    /// <summary>Associates and triangulates the people of the 2D folders under <paramref name="pose2dDirectory"/>.</summary>
    /// <exception cref="InputFormatException">Bad 2D input: missing or extra camera folder, different frame counts,
    /// malformed file, a person with too few keypoint values (see <see cref="OpenPoseJson.ReadPeople"/>).</exception>
    /// <exception cref="ArgumentException">A marker name the skeleton does not have.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option out of range (<see cref="MultiPersonTrialOptions.Validate"/>).</exception>
    public static MultiPersonTrialResult Run(CameraRig calibration, string pose2dDirectory, MultiPersonTrialOptions options)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TrialTriangulationOptions trial = options.Trial;
        int[] markerIds = [.. trial.Markers.Select(trial.Skeleton.Require)];
        string[][] files = OpenPoseJson.CameraFrameFiles(pose2dDirectory, calibration.Count);
        int frames = files[0].Length, cameras = calibration.Count, keypoints = trial.Skeleton.KeypointCount;

        var tracker = new PersonTracker
        {
            MaxStepMetres = options.MaxStepMetres,
            MaxMissedFrames = options.MaxMissedFrames,
            MaxReachMetres = options.ReidentifyRadiusMetres,
        };
        var people = new Dictionary<int, PersonFrames>();
        int most = 0, over = 0, firstOver = -1;
        using (var step = new PeopleFrameStep(calibration, keypoints, markerIds, options.MaxPeople, options.Association,
                   trial.Triangulation, trial.Accelerator, tracker))
        {
            var views = new ReadOnlyMemory<double>[cameras];
            for (int f = 0; f < frames; f++)
            {
                for (int c = 0; c < cameras; c++)
                    views[c] = OpenPoseJson.ReadPeople(files[c][f], keypoints);
                int associated = step.Associate(views).Count;
                most = Math.Max(most, associated);
                if (associated > options.MaxPeople)
                {
                    over++;
                    if (firstOver < 0)
                        firstOver = f;
                }
                step.Triangulate();
                for (int p = 0; p < step.PeopleCount; p++)
                {
                    int id = step.PersonId(p);
                    if (!people.TryGetValue(id, out PersonFrames? person))
                    {
                        person = new PersonFrames(frames, markerIds.Length, cameras, (f * options.MaxPeople) + p);
                        people.Add(id, person);
                    }
                    person.Add(f, step, p);
                }
            }
        }

        IEnumerable<PersonFrames> ordered = options.Order == PersonOrder.MostFrames
            ? people.Values.OrderByDescending(p => p.FramesPresent).ThenBy(p => p.Order)
            : people.Values.OrderBy(p => p.Order);
        var result = new List<TrialPerson>();
        foreach (PersonFrames person in ordered)
            result.Add(Finish(calibration, person, result.Count + 1, frames, trial));
        return new MultiPersonTrialResult(result, frames, most, over, firstOver);
    }

    private static TrialPerson Finish(CameraRig calibration, PersonFrames person, int number, int frames, TrialTriangulationOptions trial)
    {
        var batch = new TriangulationBatch(frames, 1, trial.Markers.Count, calibration.Count);
        person.Points.CopyTo(batch.Points, 0);
        person.Errors.CopyTo(batch.ReprojectionErrors, 0);
        person.ExcludedCounts.CopyTo(batch.ExcludedCounts, 0);
        person.ExcludedMasks.CopyTo(batch.ExcludedMasks, 0);
        TrialTriangulationResult result = TrialTriangulation.Finish(calibration, batch, trial);

        // Pose2Sim's spline extrapolates up to the gap limit past the first and last valid sample; for a person who
        // enters late or leaves early those rows would show someone who is not there: keep them empty.
        int stride = trial.Markers.Count * 3;
        result.Trc.Coordinates.AsSpan(0, person.FirstFrame * stride).Fill(double.NaN);
        result.Trc.Coordinates.AsSpan((person.LastFrame + 1) * stride).Fill(double.NaN);
        return new TrialPerson(number, person.FirstFrame, person.LastFrame, person.FramesPresent, person.AmbiguousEpisodes,
            person.Reidentifications, person.Detections, result);
    }
}
