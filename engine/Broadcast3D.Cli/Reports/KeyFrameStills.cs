using System.Globalization;
using System.Numerics;
using Broadcast3D.Cli.Commands;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.Gpu;
using Broadcast3D.Media;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Views;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.Tracking.Biomechanics;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Cli.Reports;

/// <summary>
/// The report's key-frame stills: for each event (jump take-off and landing, foot contacts; the frame of largest
/// knee flexion when there is none), the camera's video frame decoded by Media's <see cref="Decoder"/> with the
/// skeleton drawn through the calibrated camera by the GPU <see cref="Compositor"/> (video plate + 3D scene, the same
/// painter as the live and offline pictures), read back and encoded as PNG by <see cref="ImageFile"/>. TRC row r is
/// video frame Frame#(r) − 1 (TRC frames count from 1, as Pose2Sim and <c>b3d demo</c> write them). Owns its GPU
/// device for the duration of one call; call from one thread.
/// </summary>
internal static class KeyFrameStills
{
    // A running trial has a contact every few tenths of a second: the first events, in time order, keep the report
    // at a few MB.
    private const int MaxStills = 8;

    // Stills are drawn with their longer side at most 960 pixels (half of HD): ≈ 0.5 MB of PNG each instead of
    // ≈ 2–3 MB at full size.
    private const int MaxSide = 960;

    private static readonly string[] VideoExtensions = [".mp4", ".mov", ".avi", ".mkv"];
    private static readonly Vector4 SkeletonColour = new(1f, 0.65f, 0f, 1f);

    /// <summary>The key frames (label, TRC row), in time order, at most <see cref="MaxStills"/>.</summary>
    public static List<(string Label, int Row)> Choose(TrcData trc, MovementEventSummary events, double[][] angles)
    {
        int Row(double seconds) => Math.Clamp((int)Math.Round(seconds * trc.DataRate), 0, trc.FrameCount - 1);
        var keys = new List<(string Label, int Row)>();
        foreach (Jump j in events.Jumps)
        {
            keys.Add(("take-off", Row(j.TakeOffSeconds)));
            keys.Add(("landing", Row(j.LandingSeconds)));
        }

        foreach (FootContact c in events.Contacts)
        {
            // A contact that starts at the first frame began before the recording: not an event.
            if (c.StartFrame > 0)
            {
                keys.Add(($"{c.Foot} foot contact", c.StartFrame));
            }
        }

        if (keys.Count == 0)
        {
            var names = JointAngles.Definitions.Select(d => d.Name).ToList();
            (string Label, int Row, double Degrees) best = ("", -1, double.NegativeInfinity);
            foreach (string side in new[] { "right", "left" })
            {
                double[] knee = angles[names.IndexOf($"{side}_knee_flexion")];
                for (int r = 0; r < knee.Length; r++)
                {
                    if (double.IsFinite(knee[r]) && knee[r] > best.Degrees)
                    {
                        best = (string.Create(CultureInfo.InvariantCulture, $"largest {side} knee flexion ({knee[r]:F0}°)"), r, knee[r]);
                    }
                }
            }

            if (best.Row >= 0)
            {
                keys.Add((best.Label, best.Row));
            }
        }

        return [.. keys.DistinctBy(k => k.Row).OrderBy(k => k.Row).Take(MaxStills)];
    }

    /// <summary>Draws the stills of <paramref name="keys"/> from <paramref name="source"/>.</summary>
    /// <exception cref="UsageException">The folder, the camera or the number of videos does not match the calibration.</exception>
    /// <exception cref="MediaException">A video that cannot be decoded, ends before a key frame, or is not yuv420p.</exception>
    /// <exception cref="GpuException">No GPU device (EGL) could be created.</exception>
    public static List<KeyFrameStill> Render(TrcData trc, string trcPath, IReadOnlyList<(string Label, int Row)> keys, StillSource source)
    {
        CameraRig calibration = CalibrationToml.Read(source.CalibrationPath);
        int index = source.Camera is null ? 0 : calibration.IndexOf(source.Camera);
        if (index < 0)
        {
            throw new UsageException($"--camera {source.Camera}: no such camera in {source.CalibrationPath} (it has {string.Join(", ", calibration.Cameras.Select(c => c.Name))})");
        }

        if (!Directory.Exists(source.VideosFolder))
        {
            throw new UsageException($"--videos {source.VideosFolder}: the folder does not exist");
        }

        string[] videos = [.. Directory.EnumerateFiles(source.VideosFolder)
            .Where(p => VideoExtensions.Contains(Path.GetExtension(p).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)];
        if (videos.Length != calibration.Count)
        {
            throw new UsageException($"--videos {source.VideosFolder}: {videos.Length} videos ({string.Join(", ", VideoExtensions)}) for the {calibration.Count} cameras of " +
                                     $"{source.CalibrationPath}; give the trial's folder with one video per camera (sorted by name in the calibration's order)");
        }

        Camera camera = calibration.Cameras[index];
        string video = videos[index];
        double[] world = trc.ToWorldZUp();
        var joints = new Vector3[trc.MarkerCount];
        var markerIndex = trc.MarkerNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        SkeletonDefinition body = SkeletonCatalog.Body25B;
        (int From, int To)[] bones = [.. body.Bones
            .Where(b => markerIndex.ContainsKey(body.KeypointNames[b.From]) && markerIndex.ContainsKey(body.KeypointNames[b.To]))
            .Select(b => (markerIndex[body.KeypointNames[b.From]], markerIndex[body.KeypointNames[b.To]]))];
        SkeletonDrawing[] skeleton = [new SkeletonDrawing(joints, bones, SkeletonColour) { BoneRadiusMetres = 0.02f, JointRadiusMetres = 0.035f }];

        var stills = new List<KeyFrameStill>();
        var surroundings = new Vector4[(2 * AroundSlices) + 2 + MaxOthers];
        var projected = new Vector2[joints.Length];
        using GpuDevice device = GpuDevice.Create();
        using Decoder decoder = Decoder.Open(video, new DecoderOptions { Hardware = HardwareDecode.Software, PoolSize = 2 });
        // The people in the frame, to blur the others where they overlap the athlete in the picture (the surroundings
        // cover the rest): the demo's detector (RTMDet), on the CPU as the report runs once.
        using IPersonDetector? detector = source.BlurOthers ? ModelCatalog.CreateDetector(ModelCatalog.Resolve(DetectorModel), new InferenceOptions()) : null;
        List<PersonBox>[] detected = [[]];
        Compositor? compositor = null;
        VideoPlate? plate = null;
        string png = Path.Combine(Path.GetTempPath(), $"b3d-still-{Environment.ProcessId}-{Guid.NewGuid():N}.png");
        try
        {
            foreach ((string label, int row) in keys)
            {
                int frameIndex = trc.FrameNumbers[row] - 1;
                decoder.SeekToFrame(frameIndex);
                if (!decoder.TryRead(out VideoFrame? frame))
                {
                    throw new MediaException($"'{video}' ends before frame {frameIndex} ({trcPath} Frame# {trc.FrameNumbers[row]}): is it this trial's video?");
                }

                using (frame)
                {
                    if (frame.PixelFormat != "yuv420p")
                    {
                        throw new MediaException($"'{video}' decodes to {frame.PixelFormat}; the report's stills take yuv420p video");
                    }

                    if (plate is null)
                    {
                        plate = new VideoPlate(device, frame.Width, frame.Height, VideoPlateFormat.Yuv420P);
                        double scale = Math.Min(1, (double)MaxSide / Math.Max(frame.Width, frame.Height));
                        int width = (int)Math.Round(frame.Width * scale) & ~1, height = (int)Math.Round(frame.Height * scale) & ~1;
                        compositor = new Compositor(device, new CompositorDescription(width, height));
                    }
                    else if (plate.Width != frame.Width || plate.Height != frame.Height)
                    {
                        throw new MediaException($"'{video}' changes size mid-stream ({plate.Width}x{plate.Height} → {frame.Width}x{frame.Height})");
                    }

                    plate.UploadYuv420P(frame.Plane(0), frame.Stride(0), frame.Plane(1), frame.Stride(1), frame.Plane(2), frame.Stride(2));
                    for (int m = 0; m < joints.Length; m++)
                    {
                        int i = ((row * trc.MarkerCount) + m) * 3;
                        joints[m] = new Vector3((float)world[i], (float)world[i + 1], (float)world[i + 2]);
                    }

                    compositor!.BeginFrame(new Vector4(0, 0, 0, 1));
                    ReadOnlySpan<Vector4> blur = default;
                    if (detector is not null)
                    {
                        detector.Detect([frame.AsPlanes()], detected);
                        blur = AllBut(camera, joints, bones, frame.Width, frame.Height, projected, detected[0], surroundings);
                    }

                    compositor.DrawPlate(plate, blur);
                    // The calibration's pixels are the video's (a 1080-wide video is the 1088-wide sensor cropped, not
                    // scaled); the compositor maps them onto its smaller output.
                    compositor.DrawScene(RenderCamera.FromCalibration(camera) with { ImageWidth = frame.Width, ImageHeight = frame.Height }, skeleton);
                    var rgba = new byte[compositor.Width * compositor.Height * 4];
                    compositor.ReadRgba(rgba);
                    ImageFile.WriteRgba(png, compositor.Width, compositor.Height, rgba, compositor.Width * 4);
                    stills.Add(new KeyFrameStill(label, row, trc.Times[row], camera.Name, File.ReadAllBytes(png)));
                }
            }
        }
        finally
        {
            File.Delete(png);
            compositor?.Dispose();
            plate?.Dispose();
        }

        return stills;
    }

    /// <summary>
    /// The picture but the athlete (issue #21), as <see cref="AroundSlices"/> × 2 + 2 rectangles: above and
    /// below their skeleton as the camera sees it, and in each of <see cref="AroundSlices"/> horizontal slices of it,
    /// left and right of the joints and bones crossing that slice. The report is about one consenting person; anyone
    /// else in the frame did not, and slices follow the body closely enough that a bystander beside an outstretched
    /// arm is not left sharp by a padded rectangle. Hands, hair and feet reach past the markers: the sharp part is
    /// padded by <see cref="BodyPadding"/> of the skeleton's height each side; and every other person
    /// <paramref name="people"/> holds, whole, where they overlap the athlete in the picture. With no joint in front of
    /// the camera everything is blurred.
    /// </summary>
    private static ReadOnlySpan<Vector4> AllBut(Camera camera, Vector3[] joints, (int From, int To)[] bones, int width, int height, Vector2[] projected,
        List<PersonBox> people, Vector4[] regions)
    {
        float top = float.MaxValue, bottom = float.MinValue;
        for (int j = 0; j < joints.Length; j++)
        {
            var world = new Vector3d(joints[j].X, joints[j].Y, joints[j].Z);
            if (float.IsNaN(joints[j].X) || camera.WorldToCamera(world).Z <= 0)
            {
                projected[j] = new Vector2(float.NaN);
                continue;
            }

            (double u, double v) = camera.Project(world);
            projected[j] = new Vector2((float)u, (float)v);
            top = MathF.Min(top, (float)v);
            bottom = MathF.Max(bottom, (float)v);
        }

        if (top > bottom)
        {
            regions[0] = new Vector4(0, 0, width, height);
            return regions.AsSpan(0, 1);
        }

        float pad = (bottom - top) * BodyPadding;
        top -= pad;
        bottom += pad;
        float slice = (bottom - top) / AroundSlices;
        int n = 0;
        regions[n++] = Clip(0, 0, width, top, width, height);
        regions[n++] = Clip(0, bottom, width, height, width, height);
        for (int k = 0; k < AroundSlices; k++)
        {
            float y0 = top + (k * slice), y1 = y0 + slice, x0 = float.MaxValue, x1 = float.MinValue;
            // A joint or bone within the padding of the slice counts: the sharp part is the body padded both ways.
            foreach (Vector2 p in projected)
            {
                if (p.Y >= y0 - pad && p.Y <= y1 + pad)
                    (x0, x1) = (MathF.Min(x0, p.X), MathF.Max(x1, p.X));
            }

            foreach ((int from, int to) in bones)
            {
                Vector2 a = projected[from], b = projected[to];
                if (float.IsNaN(a.X) || float.IsNaN(b.X) || MathF.Max(a.Y, b.Y) < y0 - pad || MathF.Min(a.Y, b.Y) > y1 + pad)
                {
                    continue;
                }

                // The bone's x range over the slice (its whole range when it is level).
                float ta = a.Y == b.Y ? 0 : Math.Clamp((y0 - pad - a.Y) / (b.Y - a.Y), 0, 1), tb = a.Y == b.Y ? 1 : Math.Clamp((y1 + pad - a.Y) / (b.Y - a.Y), 0, 1);
                float xa = a.X + ((b.X - a.X) * ta), xb = a.X + ((b.X - a.X) * tb);
                (x0, x1) = (MathF.Min(x0, MathF.Min(xa, xb)), MathF.Max(x1, MathF.Max(xa, xb)));
            }

            if (x0 > x1)
            {
                regions[n++] = Clip(0, y0, width, y1, width, height);
                continue;
            }

            regions[n++] = Clip(0, y0, x0 - pad, y1, width, height);
            regions[n++] = Clip(x1 + pad, y0, width, y1, width, height);
        }

        // Every detected person but the athlete (the box holding most of their joints), padded as the live blur pads
        // one, over the athlete too where they overlap: the bystander did not consent, the athlete's pixels there are
        // the price. More than MaxOthers are merged by the plate pass (over-blurring, the safe error).
        int athlete = -1, most = 0;
        for (int b = 0; b < people.Count; b++)
        {
            int inside = 0;
            foreach (Vector2 p in projected)
            {
                if (p.X >= people[b].X1 && p.X <= people[b].X2 && p.Y >= people[b].Y1 && p.Y <= people[b].Y2)
                    inside++;
            }

            if (inside > most)
                (athlete, most) = (b, inside);
        }

        for (int b = 0; b < people.Count && n < regions.Length; b++)
        {
            if (b == athlete)
            {
                continue;
            }

            float dx = people[b].Width * BlurRegions.PaddingFraction, dy = people[b].Height * BlurRegions.PaddingFraction;
            regions[n++] = Clip(people[b].X1 - dx, people[b].Y1 - dy, people[b].X2 + dx, people[b].Y2 + dy, width, height);
        }

        return regions.AsSpan(0, n);
    }

    // The detector the stills find other people with (the demo's and b3d run's default).
    private const string DetectorModel = "rtmdet";

    // Other people's boxes drawn as their own regions (the plate pass holds 16: 2 × 6 + 2 around the athlete, and 2).
    private const int MaxOthers = 2;

    // Slices of the athlete's height (2 × 6 + 2 = 14 regions, beside MaxOthers boxes).
    private const int AroundSlices = 6;

    // Of the skeleton's height, each side (about 5 cm): hair and feet reach past the head and toe markers. Little, as
    // a bystander may stand a hand's width from the athlete (the Balancing trial's does); fingertips past the wrist
    // marker may be blurred, the safe error.
    private const float BodyPadding = 0.03f;

    private static Vector4 Clip(float x0, float y0, float x1, float y1, int width, int height)
    {
        x0 = Math.Clamp(x0, 0, width);
        x1 = Math.Clamp(x1, x0, width);
        y0 = Math.Clamp(y0, 0, height);
        y1 = Math.Clamp(y1, y0, height);
        return new Vector4(x0, y0, x1 - x0, y1 - y0);
    }
}
