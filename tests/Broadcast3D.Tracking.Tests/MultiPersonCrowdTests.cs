using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Association;

namespace Broadcast3D.Tracking.Tests;

/// <summary>
/// Identities through <c>MultiPersonTrial</c> on synthetic crowds (<see cref="SyntheticCrowd"/>) written as OpenPose
/// JSON: people crossing, hiding each other, leaving and returning, walking together, seen by one camera only.
/// Every output person-frame is checked against the truth: it is fused when no one person gave most of its
/// detections (two people made into one), contaminated when one of its detections is somebody else's (in a crowd,
/// the person in front of a hidden one lies on nearly the same rays); an identity switch is a person whose truth
/// changes from one present frame to the next.
/// </summary>
public sealed class MultiPersonCrowdTests
{
    private const int Frames = 150;

    [TestCase(2)]
    [TestCase(4)]
    [TestCase(6)]
    [TestCase(10)]
    public void Run_PeopleCrossingThroughTheMiddle_NoneFusedAndSwitchesBounded(int people)
    {
        CameraRig rig = SyntheticRig.Ring(6);
        // Chords of a 3 m circle, each turned 25° off the diameter, run at 4 m/s (90 frames) one after the other every
        // 15 frames: up to six people on the field at once, each crossing the paths of the others near the middle
        // 0.4–1.3 m apart, hiding each other from some cameras.
        var crowd = new SyntheticCrowd(rig, (15 * (people - 1)) + 100);
        for (int p = 0; p < people; p++)
        {
            double a = (2 * Math.PI * p / people) + 0.1;
            double b = a + Math.PI + 0.44;
            Func<int, Vector3d?> run = SyntheticCrowd.Walk(new Vector3d(3 * Math.Cos(a), 3 * Math.Sin(a), 0), new Vector3d(3 * Math.Cos(b), 3 * Math.Sin(b), 0),
                15 * p, (15 * p) + 90);
            int start = 15 * p;
            crowd.Add(f => f >= start && f <= start + 90 ? run(f) : null);
        }

        Outcome o = Evaluate(crowd, rig, seed: people);

        TestContext.Out.WriteLine($"{people} people: {o}");
        Assert.Multiple(() =>
        {
            Assert.That(o.Fused, Is.Zero, "person-frames made of two people");
            Assert.That(o.Contaminated, Is.LessThanOrEqualTo(0.05 * o.PersonFrames), "person-frames with one detection of somebody else");
            Assert.That(o.Switches, Is.LessThanOrEqualTo(o.Suspected), "every identity switch is among the suspected ones");
            Assert.That(o.Switches, Is.LessThanOrEqualTo(people / 2), "identity switches");
            Assert.That(o.Coverage, Is.GreaterThan(0.9), "share of truth person-frames seen by 2+ cameras that were triangulated");
        });
    }

    [Test]
    public void Run_PersonLeavingAndReturning_KeepsTheirIdentityAndEmptyRowsWhileAway()
    {
        CameraRig rig = SyntheticRig.Ring(6);
        var crowd = new SyntheticCrowd(rig, Frames);
        // Three people walking in lanes 1.5 m apart; the middle one is away for frames 50-89 (40 frames, within
        // --max-missed) and comes back 0.8 m further on; the third leaves for good at frame 100.
        crowd.Add(SyntheticCrowd.Walk(new Vector3d(-2, -1.5, 0), new Vector3d(2, -1.5, 0), 0, Frames));
        Func<int, Vector3d?> middle = SyntheticCrowd.Walk(new Vector3d(-2, 0, 0), new Vector3d(2, 0, 0), 0, Frames);
        crowd.Add(f => f is >= 50 and < 90 ? null : middle(f));
        Func<int, Vector3d?> third = SyntheticCrowd.Walk(new Vector3d(2, 1.5, 0), new Vector3d(-2, 1.5, 0), 0, Frames);
        crowd.Add(f => f >= 100 ? null : third(f));
        // A spectator only camera 1 sees: never a 3D person.
        crowd.Add(_ => new Vector3d(-3.5, 0.5, 0), cameras: [0]);

        Outcome o = Evaluate(crowd, rig, seed: 5);

        TestContext.Out.WriteLine(o.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(o.Result.People, Has.Count.EqualTo(3), "three people, the one-camera spectator left out");
            Assert.That((o.Fused, o.Contaminated, o.Switches), Is.EqualTo((0, 0, 0)));
            Assert.That(o.TruthOf.Values, Is.EquivalentTo(new[] { 0, 1, 2 }), "each person is one output (P), the returning one kept their id");
        });
        TrialPerson returning = o.Result.People.Single(p => o.TruthOf[p.Number] == 1);
        TrialPerson leaving = o.Result.People.Single(p => o.TruthOf[p.Number] == 2);
        Assert.Multiple(() =>
        {
            Assert.That(returning.Reidentifications, Is.EqualTo(1));
            Assert.That(EmptyRows(returning, 50, 90), Is.True, "rows while away (a 40-frame gap is not filled)");
            Assert.That(leaving.LastFrame, Is.EqualTo(99));
            Assert.That(EmptyRows(leaving, 100, Frames), Is.True, "rows after leaving are empty, not extrapolated");
        });
    }

    [Test]
    public void Run_TwoPeopleWalkingSideBySide_NeverFused()
    {
        CameraRig rig = SyntheticRig.Ring(4);
        var crowd = new SyntheticCrowd(rig, Frames) { OcclusionPixels = 0 };
        crowd.Add(SyntheticCrowd.Walk(new Vector3d(-2, 0, 0), new Vector3d(2, 0, 0), 0, Frames));
        crowd.Add(SyntheticCrowd.Walk(new Vector3d(-2, 0.5, 0), new Vector3d(2, 0.5, 0), 0, Frames));

        Outcome o = Evaluate(crowd, rig, seed: 9);

        TestContext.Out.WriteLine(o.ToString());
        Assert.That(o.Result.People, Has.Count.EqualTo(2));
        Assert.That((o.Fused, o.Contaminated, o.Switches, o.Suspected), Is.EqualTo((0, 0, 0, 0)));
        Assert.That(o.Result.People.All(p => p.FramesPresent == Frames));
    }

    private static bool EmptyRows(TrialPerson person, int from, int to)
    {
        int stride = person.Result.Trc.MarkerCount * 3;
        return person.Result.Trc.Coordinates.AsSpan(from * stride, (to - from) * stride).ToArray().All(double.IsNaN);
    }

    private static Outcome Evaluate(SyntheticCrowd crowd, CameraRig rig, int seed)
    {
        using var tmp = new TempFolder();
        double[][][] views = crowd.Generate(seed);
        crowd.WriteOpenPose(tmp.Path, views);
        MultiPersonTrialResult result = MultiPersonTrial.Run(rig, tmp.Path, new MultiPersonTrialOptions());

        int fused = 0, contaminated = 0, switches = 0, suspected = 0, triangulated = 0, personFrames = 0;
        var truthOf = new Dictionary<int, int>();
        foreach (TrialPerson person in result.People)
        {
            suspected += person.SuspectedSwitches;
            var frameTruth = new List<int>();
            for (int f = 0; f < crowd.Frames; f++)
            {
                int[] who = [.. Enumerable.Range(0, rig.Count)
                    .Where(c => person.Detections[(f * rig.Count) + c] >= 0)
                    .Select(c => crowd.Truth[f][c][person.Detections[(f * rig.Count) + c]])];
                if (who.Length == 0)
                    continue;
                personFrames++;
                IGrouping<int, int>[] votes = [.. who.GroupBy(t => t).OrderByDescending(g => g.Count())];
                if (votes.Length > 1)
                    contaminated++;
                if (2 * votes[0].Count() <= who.Length)
                {
                    fused++;
                    continue;
                }
                triangulated++;
                if (frameTruth.Count > 0 && frameTruth[^1] != votes[0].Key)
                    switches++;
                frameTruth.Add(votes[0].Key);
            }
            truthOf[person.Number] = frameTruth.Count == 0 ? -1 : frameTruth.GroupBy(t => t).OrderByDescending(g => g.Count()).First().Key;
        }

        int visible = 0;
        for (int f = 0; f < crowd.Frames; f++)
        {
            for (int p = 0; p < crowd.People; p++)
            {
                if (Enumerable.Range(0, rig.Count).Count(c => crowd.Truth[f][c].Contains(p)) >= 2)
                    visible++;
            }
        }
        return new Outcome(result, personFrames, fused, contaminated, switches, suspected, visible == 0 ? 0 : (double)triangulated / visible, truthOf);
    }

    private sealed record Outcome(MultiPersonTrialResult Result, int PersonFrames, int Fused, int Contaminated, int Switches, int Suspected, double Coverage,
        Dictionary<int, int> TruthOf)
    {
        public override string ToString() =>
            $"{Result.People.Count} output people, {PersonFrames} person-frames, fused {Fused}, contaminated {Contaminated}, switches {Switches}, " +
            $"suspected {Suspected}, coverage {Coverage:P1}";
    }
}
