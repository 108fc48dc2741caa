using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Media;
using Broadcast3D.Media.Recording;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// A recording of the Pose2Sim demo's real Balancing trial, as <c>b3d run</c> would have made it: the four camera
/// videos' first pictures recorded (encode mode) as <c>cam01</c>–<c>cam04</c> with their calibrations, the reference
/// triangulation as the tracked 3D (person <see cref="AthleteRecording.PersonId"/>, one set per picture), and a fifth
/// camera <c>cam05</c> (cam01's video again) recorded without a calibration.
/// </summary>
internal static class TrialRecording
{
    public static readonly FrameRate Rate = FrameRate.Fps60;

    /// <summary>Records the first <paramref name="frames"/> frames (pictures and 3D) into <paramref name="folder"/>.</summary>
    public static void Record(string folder, int frames)
    {
        CameraRig rig = CalibrationToml.Read(SharedAssets.CalibrationToml);
        using var index = new RecordingIndex(folder, Rate, new RecordingRetention(TimeSpan.FromHours(1), 1L << 40));
        for (int c = 0; c < 5; c++)
        {
            string camera = $"cam{c + 1:00}";
            string video = Path.Combine(SharedAssets.BalancingTrial, "videos", $"cam{(c < 4 ? c + 1 : 1):00}.mp4");
            Assert.That(video, Does.Exist, "the Pose2Sim demo's trial videos (set B3D_SHARED)");
            if (c < 4)
                index.CalibrationUsed(camera, rig.Cameras[c]);
            // Encode mode (the decoded pictures encoded again): the trial's MP4s carry H.264 in MP4's own framing,
            // which copy mode's MPEG-TS segments cannot take as it is. Room for every picture: nothing may drop here.
            using var recorder = new EncodingRecorder(new EncodingRecorderOptions
            {
                Camera = camera, Folder = folder, FrameRate = Rate, SegmentSeconds = 1, QueueFrames = frames,
            }, index);
            using Decoder decoder = Decoder.Open(video, new DecoderOptions { Hardware = HardwareDecode.Software, PoolSize = frames + 8 });
            Rational? origin = null;
            for (int f = 0; f < frames && decoder.TryRead(out VideoFrame? frame); f++)
            {
                using (frame)
                {
                    // As the reader's frame tap does: the first picture captured at 0.
                    Rational pts = new Rational(frame.Pts, 1) * frame.TimeBase;
                    origin ??= pts;
                    recorder.Offer(frame, pts - origin.Value);
                }
            }
        }
        for (int f = 0; f < frames; f++)
        {
            float[] joints = AthleteRecording.Joints(f);
            index.SkeletonsTracked(Rate.TimeOfFrame(f), [AthleteRecording.PersonId], joints, joints.Length);
        }
    }
}
