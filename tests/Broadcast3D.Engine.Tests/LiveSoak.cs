using System.Diagnostics;
using System.Globalization;
using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Sync;
using Broadcast3D.Engine.Live;
using Broadcast3D.Media;
using Broadcast3D.Media.Ingest;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// Soak harness for the live path under a virtual clock, as fast as it goes: four cameras (the Balancing trial's
/// cam01–cam04, 100 frames each at 68×120, looping, decoded to BGRA: what the soak watches is the hand-over and
/// the readers, not the pixel format) read by real
/// <see cref="CameraReader"/>s → <see cref="CameraSync"/> → the programme picture through the channel's
/// <see cref="FrameQueue{T}"/> → a <see cref="FrameChannel"/> on the virtual clock. Every simulated 10 s one camera
/// is killed (its decoder aborted at the I/O boundary, as a dropped connection does) and restarted by its reader
/// (reopened, timeline continuing). Under the virtual clock the sync waits for every camera, so the outage costs no
/// stream time: what the soak finds is what accumulates over hours — memory held per frame or per reconnect
/// (decoders, pools, threads) and counters that stop adding up. Tracking and the GPU compositor are left out: at
/// their speed on this machine 8 simulated hours would take days.
/// </summary>
internal static class LiveSoak
{
    private const int Cameras = 4;
    private const int SimulatedFps = 60;
    private const int KillEverySeconds = 10;

    /// <summary>Runs <paramref name="simulated"/> of stream time; the clips are made in <paramref name="tmp"/>.</summary>
    public static LiveSoakResult Run(TempFolder tmp, TimeSpan simulated, Action<string>? progress = null)
    {
        long ticks = (long)(simulated.TotalSeconds * SimulatedFps);
        var decoders = new Decoder?[Cameras];
        var readers = new List<CameraReader>();
        var pictureSlots = new List<ProgramPicture>();
        var wall = Stopwatch.StartNew();
        try
        {
            for (int c = 0; c < Cameras; c++)
            {
                string clip = tmp.File($"cam{c + 1:00}.mp4");
                ProcessRunner.Ffmpeg("-i", Path.Combine(SharedAssets.BalancingTrial, "videos", $"cam{c + 1:00}.mp4"), "-an", "-frames:v", "100",
                    "-vf", "scale=68:120", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", clip);
                int camera = c;
                readers.Add(new CameraReader(c, new CameraSourceOptions
                {
                    Id = $"cam{c + 1:00}", Source = clip, Mode = IngestMode.Offline, Loop = true,
                    ReconnectDelay = TimeSpan.FromMilliseconds(1), ReconnectMaxDelay = TimeSpan.FromMilliseconds(1),
                    Decoder = new DecoderOptions { Output = FrameOutput.Bgra, Threads = 1, Hardware = HardwareDecode.Software },
                    OpenDecoder = (source, options, token) =>
                    {
                        Decoder d = Decoder.Open(source, options, token);
                        Volatile.Write(ref decoders[camera], d);
                        return d;
                    },
                }));
            }
            using var sync = new CameraSync(readers, new CameraSyncOptions { Rate = FrameRate.Fps60 });
            var pictures = new FrameQueue<ProgramPicture>(() =>
            {
                var slot = new ProgramPicture();
                pictureSlots.Add(slot);
                return slot;
            }, maxBacklog: 1);
            var fresh = new long[Cameras];
            long shown = 0, repeated = 0, published = 0, incomplete = 0;
            int kills = 0, victim = -1, failuresBeforeKill = 0;
            long killedAt = 0;
            // Sized for the whole run up front: grown sample by sample (24 B each, the array doubling) it was the managed
            // heap's creep over simulated hours (a 49 KB array by the fourth hour), the harness's own, not the live path's.
            var memory = new List<(double, long, long)>((int)(ticks / (10 * SimulatedFps)) + 1);
            var channel = new FrameChannel("soak", new VirtualFrameClock(FrameRate.Fps60), tick =>
            {
                // Ingest (the sync → picture hand-over of LivePipeline), then the channel's read of the picture.
                if (!sync.TryNext(out FrameSet? set))
                    throw new InvalidOperationException("the looping cameras ended");
                for (int c = 0; c < Cameras; c++)
                {
                    if (set[c].Status == FrameSlotStatus.Fresh)
                        fresh[c]++;
                }
                if (!set.IsComplete)
                    incomplete++;
                if (set[0].Frame is { } frame)
                {
                    pictures.WriteSlot.Hold(frame, set.Time, Stopwatch.GetTimestamp());
                    pictures.Publish();
                    published++;
                }
                ProgramPicture read = pictures.Read(out bool isNew);
                if (isNew)
                {
                    // The channel takes the frame by reference and gives it back once shown.
                    read.Take()?.Dispose();
                    shown++;
                }
                else
                    repeated++;
                // Half-way through each 10 s: every kill is seen and restarted before the run ends.
                if (tick.FrameIndex % (KillEverySeconds * SimulatedFps) == KillEverySeconds * SimulatedFps / 2)
                {
                    // Killed like a dropped connection: the camera's decoder aborts its I/O; the reader restarts it.
                    victim = kills % Cameras;
                    failuresBeforeKill = readers[victim].Failures;
                    killedAt = tick.FrameIndex;
                    Volatile.Read(ref decoders[victim])?.Cancel();
                    kills++;
                }
                else if (victim >= 0 && readers[victim].Failures == failuresBeforeKill && tick.FrameIndex - killedAt >= SimulatedFps)
                {
                    // The abort met the end of the looping file (the reader reopened it instead of failing): kill the
                    // decoder it opened instead. Never doubled: the old decoder is gone once the new one is open.
                    Volatile.Read(ref decoders[victim])?.Cancel();
                    killedAt = tick.FrameIndex;
                }
                // A sample every kill period (10 simulated s): enough samples for the floors the test compares to
                // see through which pool buffers happen to be filled at one instant, even in the 3-minute version.
                if (tick.FrameIndex % (10 * SimulatedFps) == (10 * SimulatedFps) - 1)
                    memory.Add((tick.Time.ToDouble(), GC.GetTotalMemory(forceFullCollection: true), ResidentBytes()));
                if (tick.FrameIndex % (60 * SimulatedFps) == (60 * SimulatedFps) - 1)
                {
                    // Where the resident set is, for a growth to be placed: anonymous (GC heap, native heaps, JIT code)
                    // or file-backed (code of the libraries and assemblies, paged in as it is first run).
                    progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                        $"soak: {tick.Time.ToDouble() / 60:0} simulated min in {wall.Elapsed.TotalSeconds:0} s, heap {memory[^1].Item2 / 1e6:0.00} MB, " +
                        $"RSS {memory[^1].Item3 / 1e6:0.0} MB (anonymous {Status("RssAnon:") / 1e6:0.0}, files {Status("RssFile:") / 1e6:0.0}), " +
                        $"GC committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1e6:0.0} MB, {Process.GetCurrentProcess().Threads.Count} threads"));
                }
            });
            long run = channel.Run(ticks, CancellationToken.None);
            var cameras = readers.Select((r, c) => (r.Id, r.FramesRead, fresh[c], r.Dropped, r.Failures, r.Reconnects)).ToList();
            return new LiveSoakResult(run, shown, repeated, published, pictures.Dropped, incomplete, kills, cameras, memory, wall.Elapsed.TotalSeconds);
        }
        finally
        {
            foreach (ProgramPicture slot in pictureSlots)
                slot.Release();
            foreach (CameraReader r in readers)
                r.Dispose();
        }
    }

    /// <summary>Resident set size of this process (Linux: VmRSS of /proc/self/status), bytes.</summary>
    private static long ResidentBytes() => Status("VmRSS:");

    /// <summary>A kB field of /proc/self/status (VmRSS:, RssAnon:, RssFile:), in bytes.</summary>
    private static long Status(string field)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException($"/proc/self/status has no {field} line");
    }
}
