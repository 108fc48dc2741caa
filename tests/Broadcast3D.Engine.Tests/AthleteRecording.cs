using Broadcast3D.Core.Assets;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// A <see cref="StampedRecording"/> of camera <c>cam01</c> (50 pictures, 2 s) with, beside it, a real athlete's 3D:
/// the first 50 frames of the Pose2Sim demo's reference triangulation of the balancing trial (one per recorded
/// picture, person id 3), and a calibration looking at that athlete from 5 m along +Y (no distortion).
/// </summary>
internal static class AthleteRecording
{
    public const string Camera = "cam01";
    public const int Frames = 50, PersonId = 3;

    private const string Trc = "pose2sim-demo/S00_P00_SingleParticipant/S00_P00_T01_BalancingTrial/pose-3d/S00_P00_T01_BalancingTrial_0-100.trc";

    private static readonly Lazy<(TrcData, double[])> Reference = new(() =>
    {
        TrcData trc = TrcFile.Read(AssetLocator.RequireData(Trc));
        return (trc, trc.ToWorldZUp());
    });

    /// <summary>The athlete's joints of frame <paramref name="frame"/>, Pose2Sim marker order, metres, Z up.</summary>
    public static float[] Joints(int frame)
    {
        (TrcData trc, double[] world) = Reference.Value;
        SkeletonDefinition definition = RecordedSkeletons.Definition;
        float[] joints = new float[definition.KeypointCount * 3];
        for (int k = 0; k < definition.KeypointCount; k++)
        {
            int m = trc.MarkerNames.ToList().IndexOf(definition.KeypointNames[k]);
            Assert.That(m, Is.GreaterThanOrEqualTo(0), $"{Trc} has marker {definition.KeypointNames[k]}");
            for (int a = 0; a < 3; a++)
                joints[(k * 3) + a] = (float)world[(((frame * trc.MarkerCount) + m) * 3) + a];
        }
        return joints;
    }

    /// <summary>Records into <paramref name="folder"/>; returns the calibration recorded for <c>cam01</c>.</summary>
    public static Camera Record(string folder)
    {
        using var index = new RecordingIndex(folder, StampedRecording.Rate, new RecordingRetention(TimeSpan.FromHours(1), 1L << 40));
        StampedRecording.Record(index, Camera, Frames);
        Camera lens = Lens();
        index.CalibrationUsed(Camera, lens);
        int floats = RecordedSkeletons.Definition.KeypointCount * 3;
        for (int f = 0; f < Frames; f++)
            index.SkeletonsTracked(StampedRecording.Rate.TimeOfFrame(f), [PersonId], Joints(f), floats);
        return lens;
    }

    /// <summary>The recorded calibration: 320×240, 300 px focal length, 5 m from the athlete's first-frame centre along +Y, no distortion.</summary>
    public static Camera Lens()
    {
        float[] first = Joints(0);
        double cx = 0, cy = 0, cz = 0;
        for (int k = 0; k < first.Length; k += 3)
            (cx, cy, cz) = (cx + first[k], cy + first[k + 1], cz + first[k + 2]);
        int n = first.Length / 3;
        // At (x̄, ȳ − 5, z̄) looking along +Y (Rodrigues (π/2, 0, 0): camera x = world X, y = −Z, z = Y); t = −R·C.
        return new Camera(Camera, StampedRecording.Width, StampedRecording.Height, new Matrix3d(300, 0, 160, 0, 300, 120, 0, 0, 1),
            LensDistortion.None, new Vector3d(Math.PI / 2, 0, 0), new Vector3d(-cx / n, cz / n, -((cy / n) - 5)));
    }
}
