using System.Diagnostics;
using System.Globalization;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Media;
using Broadcast3D.Media.Recording;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// A recording made the way <c>b3d run</c> makes it (a decoder's packet tap → <see cref="SegmentRecorder"/> →
/// <see cref="RecordingIndex"/>) from a clip whose every picture carries its frame number (<see cref="FrameStamp"/>):
/// H.264 MPEG-TS at 25 fps, 12-frame GOPs, first picture at capture time 0.
/// </summary>
internal static class StampedRecording
{
    public const int Width = 320, Height = 240;
    public static readonly FrameRate Rate = FrameRate.Fps25;

    /// <summary>Records <paramref name="frames"/> stamped pictures as camera <paramref name="camera"/> into <paramref name="folder"/>.</summary>
    public static void Record(string folder, string camera, int frames)
    {
        using var index = new RecordingIndex(folder, Rate, new RecordingRetention(TimeSpan.FromHours(1), 1L << 40));
        Record(index, camera, frames);
    }

    /// <summary>Records <paramref name="frames"/> stamped pictures as camera <paramref name="camera"/> into <paramref name="index"/>'s folder.</summary>
    public static void Record(RecordingIndex index, string camera, int frames) => Record(index, camera, frames, Rational.Zero);

    /// <summary>
    /// As <see cref="Record(RecordingIndex, string, int)"/>, the first picture captured at <paramref name="captureStart"/>
    /// seconds on the camera's own clock (a camera whose clock is not the others').
    /// </summary>
    public static void Record(RecordingIndex index, string camera, int frames, Rational captureStart) =>
        Record(index, camera, frames, captureStart, 25, jitterMs: 0);

    /// <summary>
    /// As <see cref="Record(RecordingIndex, string, int, Rational)"/> at <paramref name="fps"/>, each picture's pts
    /// moved by a repeating pattern of −2, 0, +2, −1, +1 × <paramref name="jitterMs"/> ms (90 kHz timestamps), as a
    /// camera whose encoder stamps pictures by their arrival writes them: the indexed capture times jitter around the
    /// regular frame grid.
    /// </summary>
    public static void Record(RecordingIndex index, string camera, int frames, Rational captureStart, int fps, double jitterMs) =>
        Record(index, camera, frames, captureStart, fps, jitterMs, new SegmentRecorderOptions { Camera = camera, Folder = index.Folder, SegmentSeconds = 1 });

    /// <summary>As above, the recorder made with <paramref name="options"/> (its thread's costs, its segment length).</summary>
    public static void Record(RecordingIndex index, string camera, int frames, Rational captureStart, int fps, double jitterMs, SegmentRecorderOptions options)
    {
        string clip = Path.Combine(index.Folder, $"{camera}-source.ts");
        WriteStampedClip(clip, frames, fps, jitterMs);
        RecordClip(index, clip, captureStart, options);
    }

    /// <summary>Records the pictures of <paramref name="clip"/> (MPEG-TS, H.264) as <paramref name="camera"/>, the first captured at 0, in 1 s segments.</summary>
    public static void RecordClip(RecordingIndex index, string camera, string clip) =>
        RecordClip(index, clip, Rational.Zero, new SegmentRecorderOptions { Camera = camera, Folder = index.Folder, SegmentSeconds = 1 });

    private static void RecordClip(RecordingIndex index, string clip, Rational captureStart, SegmentRecorderOptions options)
    {
        using var recorder = new SegmentRecorder(options, index);
        using Decoder decoder = Decoder.Open(clip, new DecoderOptions { Hardware = HardwareDecode.Software, Tap = recorder.Tap });
        bool first = true;
        while (decoder.TryRead(out VideoFrame? frame))
        {
            using (frame)
            {
                // As the reader does: capture = pts × time base + offset; here the first picture is captured at 0.
                if (first)
                    recorder.Tap.SetCaptureOffset(captureStart - (new Rational(frame.Pts, 1) * frame.TimeBase));
                first = false;
            }
        }
    }

    /// <summary>As <see cref="Record(RecordingIndex, string, int)"/> in encode mode: the decoded pictures encoded again.</summary>
    public static void RecordEncoded(RecordingIndex index, string camera, int frames)
    {
        string clip = Path.Combine(index.Folder, $"{camera}-source.ts");
        WriteStampedClip(clip, frames, 25, 0);
        // Room for every picture: the test decodes far faster than a camera delivers, and nothing may be dropped here.
        using var recorder = new EncodingRecorder(new EncodingRecorderOptions
        {
            Camera = camera, Folder = index.Folder, FrameRate = Rate, SegmentSeconds = 1, QueueFrames = frames,
        }, index);
        using Decoder decoder = Decoder.Open(clip, new DecoderOptions { Hardware = HardwareDecode.Software, PoolSize = frames + 8 });
        Rational? origin = null;
        while (decoder.TryRead(out VideoFrame? frame))
        {
            using (frame)
            {
                // As the reader's frame tap does, before the frame is queued; the recorder retains what it keeps.
                Rational pts = new Rational(frame.Pts, 1) * frame.TimeBase;
                origin ??= pts;
                recorder.Offer(frame, pts - origin.Value);
            }
        }
    }

    /// <summary>The stamps of every picture of <paramref name="file"/>, in order (null: a picture without a readable stamp).</summary>
    public static List<int?> Stamps(string file)
    {
        var stamps = new List<int?>();
        using Decoder decoder = Decoder.Open(file, new DecoderOptions { Output = FrameOutput.Rgba, Hardware = HardwareDecode.Software });
        while (decoder.TryRead(out VideoFrame? frame))
        {
            using (frame)
                stamps.Add(FrameStamp.Read(frame.Plane(0), frame.Stride(0)));
        }
        return stamps;
    }

    private static void WriteStampedClip(string clip, int frames, int fps, double jitterMs)
    {
        // Jitter: the filter's time base made 90 kHz first (at 1/fps the moved pts would round back onto the grid), and
        // passed through to the muxer unchanged.
        string[] timing = jitterMs == 0 ? [] :
        [
            "-vf", string.Create(CultureInfo.InvariantCulture, $"settb=1/90000,setpts='(N/{fps}+(mod(N*7\\,5)-2)*{jitterMs / 1000})/TB'"),
            "-fps_mode", "passthrough", "-enc_time_base", "1/90000",
        ];
        using var encoder = Process.Start(new ProcessStartInfo("ffmpeg",
        [
            "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", $"{Width}x{Height}", "-framerate", fps.ToString(CultureInfo.InvariantCulture), "-i", "pipe:0",
            .. timing, "-c:v", "libx264", "-preset", "ultrafast", "-g", "12", "-f", "mpegts", clip,
        ])
        { UseShellExecute = false, RedirectStandardInput = true })!;
        byte[] picture = new byte[Width * Height * 3 / 2];
        for (int n = 0; n < frames; n++)
        {
            // A moving grey ramp under the stamp, so pictures differ beyond their stamp.
            for (int i = 0; i < Width * Height; i++)
                picture[i] = (byte)(16 + ((i % Width) + (n * 3)) % 200);
            picture.AsSpan(Width * Height).Fill(128);
            FrameStamp.Draw(picture, Width, Height, n);
            encoder.StandardInput.BaseStream.Write(picture);
        }
        encoder.StandardInput.Close();
        encoder.WaitForExit();
        Assert.That(encoder.ExitCode, Is.Zero, $"ffmpeg wrote {clip}");
    }

    /// <summary>Seconds as the CLI takes them.</summary>
    public static string Seconds(double s) => s.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
