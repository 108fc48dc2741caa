using System.Diagnostics;
using System.Globalization;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Live;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// A network camera's size is known only from its pictures: one sending another size than its calibration's is
/// refused by its reader with an error naming the camera, its source and both sizes (never rescaled: keypoints in
/// other pixels would triangulate to wrong places), while the other cameras and the programme go on.
/// </summary>
[NonParallelizable]
[Category("Live")]
public class LiveNetworkCameraSizeTests
{
    [Test]
    public void Run_UdpCameraAtAnotherSizeThanItsCalibration_RefusedNamingCameraAndSizesWhileTheOtherRuns()
    {
        using var tmp = new TempFolder("b3d-net-size");
        // cam01 at its calibrated 272×480; cam03 sent at half that, as a sender set to the wrong output size would.
        (int Camera, string Size)[] senders = [(1, "272:480"), (3, "136:240")];
        var urls = new string[senders.Length];
        var streams = new List<Process>();
        try
        {
            for (int i = 0; i < senders.Length; i++)
            {
                string clip = tmp.File($"cam{senders[i].Camera:00}.mp4");
                ProcessRunner.Ffmpeg("-i", Path.Combine(SharedAssets.BalancingTrial, "videos", $"cam{senders[i].Camera:00}.mp4"), "-an", "-frames:v", "100",
                    "-vf", $"scale={senders[i].Size}", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", clip);
                urls[i] = $"udp://127.0.0.1:{LoopbackPorts.FreeUdp()}";
                streams.Add(Process.Start(new ProcessStartInfo("ffmpeg",
                    ["-v", "quiet", "-nostdin", "-re", "-stream_loop", "-1", "-i", clip, "-c", "copy", "-f", "mpegts", $"{urls[i]}?pkt_size=1316"])
                    { UseShellExecute = false, RedirectStandardError = true })!);
            }
            string output = tmp.File("programme.mp4");
            PipelineConfig config = PipelineConfigLoader.Load(LiveFileRig.Config(tmp,
                $$"""[{"name": "cam01", "source": "{{urls[0]}}"}, {"name": "cam03", "source": "{{urls[1]}}"}]""",
                $$"""[{"type": "file", "target": "{{output}}"}]"""));
            var log = new List<string>();
            using Serilog.Core.Logger logger = CollectingLog.Into(log);

            LiveRunReport report = new LivePipeline(config, logger).Run(240, CancellationToken.None);
            TestContext.Out.WriteLine(string.Join("\n", report.Lines));

            string refusal = $"cameras[1] 'cam03': {urls[1]} decodes 136×240 but the calibration's cam03 is 272×480; " +
                             "send the size the camera was calibrated at, or calibrate it at this size";
            lock (log)
                Assert.That(log, Has.Some.EqualTo($"cam03: {refusal}; retrying"), "logged as an error naming camera, source and sizes");
            Assert.That(report.Lines, Has.One.StartsWith("camera cam03: 0 frames read, ").And.EndsWith($"last error: {refusal}"),
                "no picture of the refused camera was taken, and the report says why");
            string cam01 = report.Lines.Single(l => l.StartsWith("camera cam01: ", StringComparison.Ordinal));
            int read = int.Parse(cam01["camera cam01: ".Length..cam01.IndexOf(' ', "camera cam01: ".Length)], CultureInfo.InvariantCulture);
            Assert.That(read, Is.GreaterThan(60), $"the camera at its calibrated size runs on: {cam01}");
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
}
