using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Broadcast3D.Core.Cameras;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;
using CameraCalibration = Broadcast3D.Core.Cameras.Calibration;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// <c>b3d run</c> on two cameras streamed live over UDP (MPEG-TS) by <c>ffmpeg -re</c> processes on loopback, at a
/// quarter of the Balancing trial's resolution (calibration scaled to match), writing the programme to a file.
/// </summary>
[NonParallelizable]
public class LiveRunTests
{
    private const int Frames = 240;
    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "b3d.dll");

    [Test]
    public void Run_TwoUdpCameras_OutputsEveryChannelFrameAndFinalisesTheFile()
    {
        using var tmp = new TempFolder("b3d-live");
        int[] cameras = [1, 3]; // both H.264 at source, so the small copies stream with -c copy
        var streams = new List<Process>();
        try
        {
            var sources = new List<string>();
            foreach (int c in cameras)
            {
                string small = tmp.File($"cam{c:00}.mp4");
                // A quarter of the size keeps 2 live decodes + tracking within a 2-core machine; 30-frame GOPs
                // let the receiver start within half a second whenever it joins.
                ProcessRunner.Ffmpeg("-i", Path.Combine(SharedAssets.BalancingTrial, "videos", $"cam{c:00}.mp4"), "-an",
                    "-vf", "scale=272:480", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", small);
                int port = FreeUdpPort();
                sources.Add($"udp://127.0.0.1:{port}");
                streams.Add(Process.Start(new ProcessStartInfo("ffmpeg",
                    ["-v", "error", "-nostdin", "-re", "-stream_loop", "-1", "-i", small, "-c", "copy", "-f", "mpegts", $"udp://127.0.0.1:{port}?pkt_size=1316"])
                    { RedirectStandardError = true, UseShellExecute = false })!);
            }
            string calibration = ScaledCalibration(tmp, cameras, 272.0 / 1088.0);
            string output = tmp.File("programme.mp4");
            string config = tmp.File("live.json");
            File.WriteAllText(config, $$"""
                {
                  "frameRate": "60",
                  "calibration": "{{calibration}}",
                  "cameras": [
                    {"name": "cam01", "source": "{{sources[0]}}"},
                    {"name": "cam03", "source": "{{sources[1]}}"}
                  ],
                  "outputs": [{"type": "file", "target": "{{output}}"}],
                  "delayFrames": 2,
                  "program": {"camera": "cam01", "width": 272, "height": 480}
                }
                """);

            ProcessRunner.Result r = ProcessRunner.Run("dotnet", [CliDll, "run", config, "--frames", Frames.ToString(CultureInfo.InvariantCulture)],
                TimeSpan.FromMinutes(3));
            TestContext.Out.WriteLine(r.StdOut);
            Assert.That(r.ExitCode, Is.Zero, r.StdErr);
            Assert.That(r.StdOut, Does.Contain($"channel: {Frames} frames out"));
            Assert.That(r.StdOut, Does.Match(@"camera cam01: [1-9]\d* frames read"));
            Assert.That(r.StdOut, Does.Match(@"camera cam03: [1-9]\d* frames read"));
            Assert.That(r.StdOut, Does.Match(@"tracking: [1-9]\d* frame sets tracked"));
            Assert.That(r.StdOut, Does.Contain("delay line: 2 frames"));

            // Finalised: the file plays, and each picture sits at its channel frame's time (gaps where an output
            // queue was full stay gaps; no picture is ever mistimed).
            ProcessRunner.Result decode = ProcessRunner.Run("ffmpeg", ["-v", "error", "-nostdin", "-i", output, "-f", "null", "-"]);
            Assert.That(decode.ExitCode, Is.Zero, decode.StdErr);
            ProcessRunner.Result times = ProcessRunner.Run("ffprobe", ["-v", "error", "-select_streams", "v:0",
                "-show_entries", "frame=pts_time", "-of", "csv=p=0", output]);
            double[] pts = [.. times.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(s => double.Parse(s.Trim().TrimEnd(','), CultureInfo.InvariantCulture))];
            Assert.That(pts, Is.Not.Empty);
            Assert.That(pts, Is.Ordered.Ascending);
            foreach (double t in pts)
            {
                double frame = t * 60;
                Assert.That(frame, Is.EqualTo(Math.Round(frame)).Within(1e-3), "pts on the 60 fps grid");
                Assert.That(frame, Is.LessThan(Frames));
            }
        }
        finally
        {
            foreach (Process p in streams)
            {
                p.Kill();
                p.WaitForExit();
                p.Dispose();
            }
        }
    }

    /// <summary>The Balancing calibration of <paramref name="cameras"/> (1-based), intrinsics and image size scaled.</summary>
    private static string ScaledCalibration(TempFolder tmp, int[] cameras, double scale)
    {
        CameraCalibration full = CalibrationToml.Read(SharedAssets.CalibrationToml);
        var picked = new List<Camera>();
        foreach (int c in cameras)
        {
            Camera cam = full.Cameras[c - 1];
            Matrix3d k = cam.Intrinsics;
            var scaled = new Matrix3d(k.M00 * scale, k.M01 * scale, k.M02 * scale, 0, k.M11 * scale, k.M12 * scale, 0, 0, 1);
            picked.Add(new Camera(cam.Name, (int)Math.Round(cam.ImageWidth * scale), (int)Math.Round(cam.ImageHeight * scale), scaled,
                cam.Distortion, cam.RotationVector, cam.TranslationMetres));
        }
        string path = tmp.File("calibration.toml");
        CalibrationToml.Write(new CameraCalibration(picked), path);
        return path;
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
