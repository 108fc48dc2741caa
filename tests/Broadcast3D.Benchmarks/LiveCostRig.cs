using System.Globalization;
using Broadcast3D.Core.Cameras;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// The 4 Balancing cameras as looping file cameras for <c>b3d run</c>: at their own size (1080/1088×1920) or, as the
/// live tests stream them, re-encoded at a quarter size (272×480, x264 ultrafast, 30-frame GOPs) with the
/// calibration's intrinsics scaled to match; programme camera cam_01 at the cameras' size, one file output.
/// </summary>
internal static class LiveCostRig
{
    private const int Cameras = 4;

    /// <summary>Writes the cameras (quarter size only), calibration and configuration into <paramref name="folder"/>; returns the configuration's path.</summary>
    public static string Prepare(string folder, bool quarterSize)
    {
        string videos = Path.Combine(SharedAssets.BalancingTrial, "videos");
        string calibration = SharedAssets.CalibrationToml;
        var sources = new string[Cameras];
        for (int c = 0; c < Cameras; c++)
            sources[c] = Path.Combine(videos, $"cam{c + 1:00}.mp4");
        int width = 1080, height = 1920;
        if (quarterSize)
        {
            (width, height) = (272, 480);
            for (int c = 0; c < Cameras; c++)
            {
                string small = Path.Combine(folder, $"cam{c + 1:00}-272x480.mp4");
                ProcessRunner.Ffmpeg("-y", "-i", sources[c], "-an", "-vf", "scale=272:480", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", small);
                sources[c] = small;
            }
            calibration = Path.Combine(folder, "calibration-272x480.toml");
            WriteScaledCalibration(calibration, 272.0 / 1088.0);
        }
        string config = Path.Combine(folder, quarterSize ? "live4-272x480.json" : "live4.json");
        string cameras = string.Join(",\n    ", Enumerable.Range(0, Cameras).Select(c =>
            $$"""{"name": "cam_{{c + 1:00}}", "source": "{{sources[c]}}", "loop": true}"""));
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "frameRate": "60",
              "calibration": "{{calibration}}",
              "cameras": [
                {{cameras}}
              ],
              "outputs": [{"type": "file", "target": "{{Path.Combine(folder, "programme.mp4")}}"}],
              "delayFrames": 2,
              "program": {"camera": "cam_01", "width": {{width}}, "height": {{height}}}
            }
            """));
        return config;
    }

    // The sample calibration (1088×1920 cameras) with intrinsics and sizes scaled to the re-encoded videos.
    private static void WriteScaledCalibration(string path, double scale)
    {
        CameraRig full = CalibrationToml.Read(SharedAssets.CalibrationToml);
        var scaled = new List<Camera>();
        foreach (Camera cam in full.Cameras)
        {
            Matrix3d k = cam.Intrinsics;
            scaled.Add(new Camera(cam.Name, (int)Math.Round(cam.ImageWidth * scale), (int)Math.Round(cam.ImageHeight * scale),
                new Matrix3d(k.M00 * scale, k.M01 * scale, k.M02 * scale, 0, k.M11 * scale, k.M12 * scale, 0, 0, 1),
                cam.Distortion, cam.RotationVector, cam.TranslationMetres));
        }
        CalibrationToml.Write(new CameraRig(scaled), path);
    }
}
