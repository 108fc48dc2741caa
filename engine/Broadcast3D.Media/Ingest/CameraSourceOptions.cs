using Broadcast3D.Core.Threading;
using Broadcast3D.Core.Time;

namespace Broadcast3D.Media.Ingest;

/// <summary>One camera of a rig: where it comes from and how its reader queues frames.</summary>
public sealed record CameraSourceOptions
{
    /// <summary>Camera name used in logs and frame sets ("cam01").</summary>
    public required string Id { get; init; }

    /// <summary>File path or URL (rtsp://, srt://, udp://, http://).</summary>
    public required string Source { get; init; }

    /// <summary>Live (drop oldest) or offline (wait, never drop).</summary>
    public IngestMode Mode { get; init; } = IngestMode.Offline;

    /// <summary>Frames the queue holds before its policy applies.</summary>
    public int QueueCapacity { get; init; } = 4;

    /// <summary>Seconds added to every capture time of this camera (a known delay between cameras).</summary>
    public Rational Offset { get; init; } = Rational.Zero;

    /// <summary>Decoder settings (pool size is raised to fit the queue).</summary>
    public DecoderOptions Decoder { get; init; } = new();

    /// <summary>First wait before reconnecting a network source; doubles per failure up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait between reconnect attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Files only: deliver each frame when it is due on the wall clock (the first frame at once, then at the file's own
    /// timestamps), so a file stands in for a live camera. False: as fast as the decoder goes (offline, or tests).
    /// </summary>
    public bool PlayAtFrameRate { get; init; }

    /// <summary>Files only: start again from the beginning at the end, the timeline continuing (a camera that never ends).</summary>
    public bool Loop { get; init; }

    /// <summary>
    /// The run's per-thread cost book (live): the reader thread is accounted as "reader ID", one frame per frame
    /// queued (decode, conversion and pacing waits included). Null: not accounted.
    /// </summary>
    public ThreadCostBook? Costs { get; init; }

    /// <summary>
    /// Checks the decoded picture size (width, height in pixels): called on the reader thread with the first frame
    /// after every (re)open and again whenever the size changes mid-stream, never per frame otherwise. A non-null
    /// return is the refusal: that frame and the source are refused, the camera is marked failed with the returned
    /// message (logged as an error, in <see cref="CameraReader.LastError"/>), and a network source is reopened with
    /// backoff, so a sender corrected to the right size rejoins by itself. Null: any size is taken. For a network
    /// camera this is the only place its size is known (from its first picture); a file's can be probed up front.
    /// </summary>
    public Func<int, int, string?>? CheckSize { get; init; }

    /// <summary>Opens the decoder; null: <see cref="Decoder.Open"/>. A seam for tests that inject a failure at the decoder boundary.</summary>
    internal Func<string, DecoderOptions, CancellationToken, Decoder>? OpenDecoder { get; init; }

    /// <summary>True for URLs (reconnected when they end or fail); files end once.</summary>
    public bool IsNetwork => Source.Contains("://", StringComparison.Ordinal) && !Source.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
}
