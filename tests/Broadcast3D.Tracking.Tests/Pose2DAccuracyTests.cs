using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Pose2D;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Tracking.Tests;

/// <summary>
/// Agreement of RTMDet + BlazePose with the reference OpenPose BODY_25B detections of the Balancing trial, and of
/// the triangulation of our own 2D (through OpenPose JSON and the tracking stage's Pose2Sim triangulation) with the
/// reference 3D.
/// </summary>
public class Pose2DAccuracyTests
{
    /// <summary>
    /// Runs the pipeline over <paramref name="frameIndices"/> of all four cameras (decoded 10 at a time), writing
    /// OpenPose JSON into <paramref name="jsonFolder"/>/camNN_json when given.
    /// </summary>
    internal static ReferenceAgreement Evaluate(string poseModel, int[] frameIndices, bool track, string? jsonFolder)
    {
        var agreement = new ReferenceAgreement();
        using var pipeline = new Pose2DPipeline(
            ModelCatalog.CreateDetector(ModelCatalog.Resolve("rtmdet"), TestFrames.Cpu),
            ModelCatalog.CreateEstimator(ModelCatalog.Resolve(poseModel), TestFrames.Cpu), 4);
        var writer = new OpenPoseJsonWriter(pipeline.Skeleton);
        var set = new ImagePlanes[4];
        for (int start = 0; start < frameIndices.Length; start += 10)
        {
            int[] chunk = frameIndices[start..Math.Min(start + 10, frameIndices.Length)];
            ImagePlanes[][] frames = [.. Enumerable.Range(1, 4).Select(c => VideoFrames.Read(VideoFrames.Balancing(c), chunk))];
            for (int i = 0; i < chunk.Length; i++)
            {
                if (!track)
                    pipeline.Reset();
                for (int c = 0; c < 4; c++)
                    set[c] = frames[c][i];
                IReadOnlyList<CameraPoses> poses = pipeline.Process(set);
                for (int c = 0; c < 4; c++)
                {
                    agreement.Add(c + 1, poses[c], OpenPoseReference.Athlete(c + 1, chunk[i]));
                    if (jsonFolder is null)
                        continue;
                    string folder = Directory.CreateDirectory(Path.Combine(jsonFolder, $"cam{c + 1:00}_json")).FullName;
                    writer.Write(Path.Combine(folder, OpenPoseJsonWriter.FileName($"cam{c + 1:00}", chunk[i])), poses[c]);
                }
            }
        }
        return agreement;
    }

    [Test]
    public void Process_BalancingSampledFrames_AgreesWithOpenPoseReferenceAndWritesReadableJson()
    {
        int[] frames = [5, 35, 65, 95];
        using var tmp = new TempFolder("b3d-pose2d");
        ReferenceAgreement a = Evaluate("blazepose-full", frames, track: false, tmp.Path);
        TestContext.Out.WriteLine(a.Report());
        // The athlete is ~700–900 px tall. OpenPose and BlazePose place joints differently (BlazePose's hips sit
        // higher and wider, its ears and eyes are face-mesh points) and, in cam02 frames 35–67, disagree on left
        // and right: a median of 3 % and a p90 of 7 % of body height is agreement.
        Assert.That(a.Missed, Is.Zero);
        Assert.That(ReferenceAgreement.Median(a.All()), Is.LessThan(25));
        Assert.That(ReferenceAgreement.Percentile(a.All(), 0.9), Is.LessThan(60));

        // The JSON reads back through the tracking stage's reader as BODY_25B, athlete first.
        int[] body25 = [.. Enumerable.Range(0, 25)];
        TriangulationBatch batch = OpenPoseJson.ReadBatch(tmp.Path, 4, body25, 0);
        Assert.That(batch.Frames, Is.EqualTo(frames.Length));
        int lAnkle = SkeletonCatalog.Body25B.Require("LAnkle"), neck = SkeletonCatalog.Body25B.Require("Neck");
        float[] reference = OpenPoseReference.Athlete(3, 35)!;
        int o = batch.ObservationIndex(1, 0, lAnkle, 2);
        Assert.That(Math.Abs(batch.Observations[o] - reference[lAnkle * 3]) + Math.Abs(batch.Observations[o + 1] - reference[lAnkle * 3 + 1]), Is.LessThan(60));
        Assert.That(batch.Observations[batch.ObservationIndex(1, 0, neck, 2) + 2], Is.Zero, "BlazePose has no BODY_25B upper neck");
    }

    [Test, Explicit("whole trial: 400 frames through the models (~1 min on 2 cores); figures go in the issue note")]
    public void Process_BalancingAllFramesTracked_AgreesIn2DAndTriangulatesNearReference3D()
    {
        using var tmp = new TempFolder("b3d-pose2d-all");
        ReferenceAgreement a = Evaluate("blazepose-full", [.. Enumerable.Range(0, 100)], track: true, tmp.Path);
        TestContext.Out.WriteLine(a.Report());
        Assert.That(ReferenceAgreement.Median(a.All()), Is.LessThan(25));
        Assert.That(ReferenceAgreement.Percentile(a.All(), 0.9), Is.LessThan(60));

        TrialTriangulationResult ours = TrialTriangulation.Run(ReferenceTrials.Calibration(), tmp.Path, new TrialTriangulationOptions());
        TrcData reference = ReferenceTrials.ReferenceTrc(SharedAssets.BalancingTrial, "_0-100.trc");
        var all = new List<double>();
        for (int m = 0; m < reference.MarkerCount; m++)
        {
            var d = new List<double>();
            for (int f = 0; f < reference.FrameCount; f++)
            {
                double dx = ours.Trc[f, m, 0] - reference[f, m, 0], dy = ours.Trc[f, m, 1] - reference[f, m, 1], dz = ours.Trc[f, m, 2] - reference[f, m, 2];
                double mm = 1000 * Math.Sqrt(dx * dx + dy * dy + dz * dz);
                if (double.IsFinite(mm))
                    d.Add(mm);
            }
            all.AddRange(d);
            TestContext.Out.WriteLine(d.Count == 0
                ? $"{reference.MarkerNames[m],-10} not triangulated (no such keypoint in BlazePose)"
                : $"{reference.MarkerNames[m],-10} {d.Count,3} frames  median {ReferenceAgreement.Median(d),6:F1} mm  p90 {ReferenceAgreement.Percentile(d, 0.9),6:F1} mm");
        }
        TestContext.Out.WriteLine($"all        median {ReferenceAgreement.Median(all):F1} mm  p90 {ReferenceAgreement.Percentile(all, 0.9):F1} mm; our reprojection {ours.GrandMeanErrorPixels():F1} px");
        // Same bound logic as in 2D: joint-definition offsets (BlazePose vs OpenPose hips) and the cam02 left/right
        // disagreement move points by a few cm on a 1.7 m athlete.
        Assert.That(ReferenceAgreement.Median(all), Is.LessThan(80));
        Assert.That(ReferenceAgreement.Percentile(all, 0.9), Is.LessThan(200));
    }
}
