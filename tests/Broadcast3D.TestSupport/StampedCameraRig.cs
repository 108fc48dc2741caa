using System.Diagnostics;
using System.Globalization;
using Broadcast3D.Core.Time;

namespace Broadcast3D.TestSupport;

/// <summary>
/// Cameras the test drives itself, for glass-to-glass latency: the Balancing videos at 272×480 played from memory
/// forwards then backwards, over and over (so the athlete's motion has no cut a tracker would interpolate across),
/// each picture stamped with its frame number (<see cref="FrameStamp"/>) and written at 60 fps on the real-time
/// clock into one <c>ffmpeg</c> x264 encoder per camera (ultrafast, zerolatency: what a camera's low-latency
/// encoder does) streaming MPEG-TS over UDP on loopback. The moment frame n's picture is handed to the encoders is
/// its "glass" time; <see cref="GlassTimestamp"/> gives it in <see cref="Stopwatch"/> ticks of this process.
/// </summary>
public sealed class StampedCameraRig : IDisposable
{
    public const int Width = 272, Height = 480;
    private const int FrameBytes = Width * Height * 3 / 2;
    private const int MaxFrames = 60 * 600; // ten minutes of glass times

    private readonly int[] _cameras;
    private readonly byte[][] _loops;
    private readonly int[] _loopFrames;
    private readonly int[] _ports;
    private readonly Process[] _encoders;
    private readonly long[] _glass = new long[MaxFrames];
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _writer;
    private readonly bool _distinctStamps;
    private long _written;

    /// <summary>
    /// Prepares <paramref name="cameraCount"/> cameras (2: cam01 + cam03, 4: cam01–cam04) and starts streaming. With
    /// <paramref name="distinctStamps"/>, camera i stamps frame n as n + i × <see cref="CameraStampOffset"/> (mod 4096),
    /// so a picture says which camera it came from (<see cref="CameraOfStamp"/>).
    /// </summary>
    public StampedCameraRig(TempFolder folder, int cameraCount, bool distinctStamps = false)
    {
        _distinctStamps = distinctStamps;
        _cameras = cameraCount switch
        {
            2 => [1, 3],
            4 => [1, 2, 3, 4],
            _ => throw new ArgumentOutOfRangeException(nameof(cameraCount), cameraCount, "2 or 4 cameras"),
        };
        _loops = new byte[_cameras.Length][];
        _loopFrames = new int[_cameras.Length];
        _ports = new int[_cameras.Length];
        _encoders = new Process[_cameras.Length];
        for (int i = 0; i < _cameras.Length; i++)
        {
            string raw = folder.File($"cam{_cameras[i]:00}.yuv");
            ProcessRunner.Ffmpeg("-i", Path.Combine(SharedAssets.BalancingTrial, "videos", $"cam{_cameras[i]:00}.mp4"), "-an",
                "-vf", $"scale={Width}:{Height}", "-pix_fmt", "yuv420p", "-f", "rawvideo", raw);
            _loops[i] = File.ReadAllBytes(raw);
            _loopFrames[i] = _loops[i].Length / FrameBytes;
            _ports[i] = LoopbackPorts.FreeUdp();
        }
        CalibrationPath = LiveRig.ScaledCalibration(folder, _cameras, Width / 1088.0);
        for (int i = 0; i < _cameras.Length; i++)
        {
            // -flush_packets: each TS packet leaves at once, as a camera's encoder sends it (no muxer buffering).
            _encoders[i] = Process.Start(new ProcessStartInfo("ffmpeg",
            [
                "-v", "error", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", $"{Width}x{Height}", "-framerate", "60", "-i", "pipe:0",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-flush_packets", "1",
                "-f", "mpegts", $"{Url(i)}?pkt_size=1316",
            ])
            { UseShellExecute = false, RedirectStandardInput = true })!;
        }
        _writer = new Thread(Write) { IsBackground = true, Name = "stamped cameras" };
        _writer.Start();
    }

    /// <summary>How far apart the cameras' stamps are with distinct stamps: a quarter of the stamp's 4096 range, far beyond any latency.</summary>
    public const int CameraStampOffset = 1024;

    /// <summary>
    /// With distinct stamps, the camera whose picture carries <paramref name="stamp"/>, read when the rig had written
    /// <paramref name="written"/> frames: the camera whose frame of that stamp was written less than
    /// <see cref="CameraStampOffset"/> frames before (null: none, a stamp from no camera's recent frames).
    /// </summary>
    public int? CameraOfStamp(int stamp, long written)
    {
        for (int i = 0; i < _cameras.Length; i++)
        {
            long age = ((written & 0xFFF) - stamp + (i * CameraStampOffset) + (2 * 4096)) % 4096;
            if (age < CameraStampOffset)
                return i;
        }
        return null;
    }

    /// <summary>The cameras' calibration at stream size.</summary>
    public string CalibrationPath { get; }

    /// <summary>Frames handed to the encoders so far.</summary>
    public long FramesWritten => Interlocked.Read(ref _written);

    /// <summary>The source frame (0-based) that stamped frame <paramref name="n"/> of camera <paramref name="i"/> shows.</summary>
    public int SourceFrame(int i, long n) => PingPong(n, _loopFrames[i]);

    /// <summary>Source URL of camera <paramref name="i"/>.</summary>
    public string Url(int i) => $"udp://127.0.0.1:{_ports[i]}";

    /// <summary>When frame <paramref name="frame"/> was handed to the encoders; 0 if it has not been.</summary>
    public long GlassTimestamp(long frame) => frame < FramesWritten ? Volatile.Read(ref _glass[frame]) : 0;

    /// <summary>A <c>b3d run</c> configuration of these cameras with <paramref name="outputsJson"/> (a JSON array).</summary>
    public string Config(TempFolder folder, string outputsJson, int delayFrames) =>
        Config(folder, outputsJson, delayFrames.ToString(CultureInfo.InvariantCulture));

    /// <summary>The same with <c>delayFrames</c> as JSON: a number, or <c>"auto"</c>.</summary>
    public string Config(TempFolder folder, string outputsJson, string delayFramesJson)
    {
        string cameras = string.Join(", ", _cameras.Select((c, i) => $$"""{"name": "cam{{c:00}}", "source": "{{Url(i)}}"}"""));
        string path = folder.File("latency.json");
        // No privacy blur (#21): these runs measure real-time rates. With the default blur (every athlete blurred: no
        // registry) their rate tests failed once on the shared 2-core VM under load 45–53 (composite 10–25 ms a frame,
        // docs/privacy.md); two of them failed again without it at that load, so the load is the likelier cause, but
        // passing with the blur is not shown. Tried again by blurdisk (16:52–16:55 UTC, load 35–52): the alpha-output and
        // two-UDP-camera rate tests failed once each of two runs (docs/privacy.md). Remove this line once they pass with
        // the blur on a quiet machine.
        File.WriteAllText(path, $$"""
            {
              "frameRate": "60",
              "calibration": "{{CalibrationPath}}",
              "cameras": [ {{cameras}} ],
              "outputs": {{outputsJson}},
              "privacy": {"blur": "none"},
              "delayFrames": {{delayFramesJson}},
              "overlay": {"skeleton": true, "labels": true},
              "program": {"camera": "cam01", "width": {{Width}}, "height": {{Height}}}
            }
            """);
        return path;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _writer.Join();
        foreach (Process p in _encoders)
        {
            try
            {
                p.StandardInput.Close();
                if (!p.WaitForExit(TimeSpan.FromSeconds(5)))
                    p.Kill();
            }
            catch (IOException)
            {
                // the encoder is already gone
            }
            p.Dispose();
        }
        _stop.Dispose();
    }

    // 0, 1, …, frames − 1, frames − 2, …, 1, 0, 1, …: the clip forwards then backwards, each end shown once.
    private static int PingPong(long n, int frames)
    {
        if (frames < 2)
            return 0;
        int period = (2 * frames) - 2;
        int p = (int)(n % period);
        return p < frames ? p : period - p;
    }

    private void Write()
    {
        var clock = new RealtimeFrameClock(new FrameRate(60, 1));
        clock.Start();
        byte[] picture = new byte[FrameBytes];
        try
        {
            for (long n = 0; n < MaxFrames; n++)
            {
                clock.WaitForFrame(n, _stop.Token);
                Volatile.Write(ref _glass[n], Stopwatch.GetTimestamp());
                Interlocked.Exchange(ref _written, n + 1);
                for (int i = 0; i < _encoders.Length; i++)
                {
                    _loops[i].AsSpan(PingPong(n, _loopFrames[i]) * FrameBytes, FrameBytes).CopyTo(picture);
                    FrameStamp.Draw(picture, Width, Height, _distinctStamps ? n + (i * CameraStampOffset) : n);
                    Stream stdin = _encoders[i].StandardInput.BaseStream;
                    stdin.Write(picture);
                    stdin.Flush();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
        catch (IOException)
        {
            // an encoder exited (the test is ending or failed; its assertions say which)
        }
    }
}
