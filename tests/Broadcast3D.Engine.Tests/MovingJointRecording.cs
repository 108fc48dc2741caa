using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Replay;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// A <see cref="StampedRecording"/> of camera <c>cam01</c> (50 pictures, 2 s) with what <c>b3d run</c> records beside
/// it: the camera's calibration (a lens with barrel distortion looking along +Y from 5 m) and the 3D of every frame set
/// (one person, id 7, whose only joint crosses the view at 2.5 m/s: x = 0.1 × (25 t − 25) metres, y = 0, z = 1).
/// </summary>
internal static class MovingJointRecording
{
    public const string Camera = "cam01";
    public const int Frames = 50, PersonId = 7, Joint = 0;

    /// <summary>The recorded lens: 600 px focal length on 320×240, k1 = −0.1, at (0, −5, 1) looking along +Y, Z up.</summary>
    public static Camera Lens { get; } = new(Camera, StampedRecording.Width, StampedRecording.Height, new Matrix3d(600, 0, 160, 0, 600, 120, 0, 0, 1),
        new LensDistortion(-0.1, 0, 0, 0, 0, 5, false), new Vector3d(Math.PI / 2, 0, 0), new Vector3d(0, 1, 5));

    /// <summary>Where the joint is at <paramref name="seconds"/>: the motion is linear, so this is also the exact interpolation.</summary>
    public static Vector3d JointAt(double seconds) => new(0.1 * ((25 * seconds) - 25), 0, 1);

    /// <summary>Records into <paramref name="folder"/>; <paramref name="calibrate"/> false leaves the calibration out (an old recording).</summary>
    public static void Record(string folder, bool calibrate = true)
    {
        using var index = new RecordingIndex(folder, StampedRecording.Rate, new RecordingRetention(TimeSpan.FromHours(1), 1L << 40));
        StampedRecording.Record(index, Camera, Frames);
        if (calibrate)
            index.CalibrationUsed(Camera, Lens);
        int floats = Pose2SimMarkers.Definition.KeypointCount * 3;
        float[] joints = new float[floats];
        for (int n = 0; n < Frames; n++)
        {
            Rational time = StampedRecording.Rate.TimeOfFrame(n);
            Array.Fill(joints, float.NaN);
            Vector3d p = JointAt(time.ToDouble());
            (joints[Joint * 3], joints[(Joint * 3) + 1], joints[(Joint * 3) + 2]) = ((float)p.X, (float)p.Y, (float)p.Z);
            index.SkeletonsTracked(time, [PersonId], joints, floats);
        }
    }
}
