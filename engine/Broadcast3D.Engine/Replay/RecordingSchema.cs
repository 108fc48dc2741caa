using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Replay;

/// <summary>
/// The replay index's file name, tables and time units, shared by the writer (<see cref="RecordingIndex"/>) and the
/// reader (<see cref="RecordingCatalog"/>). Times are 100 ns ticks (the NDI unit): capture times converted once from
/// their exact rational value, so they never drift; wall-clock times are UTC ticks since 0001-01-01.
/// </summary>
internal static class RecordingSchema
{
    /// <summary>The index file inside a recording folder.</summary>
    public const string IndexFile = "index.sqlite";

    /// <summary>Ticks per second of every <c>*_ticks</c> column.</summary>
    public const long TicksPerSecond = 10_000_000;

    public const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS runs (
            id INTEGER PRIMARY KEY,
            started_utc INTEGER NOT NULL,
            frame_rate TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS segments (
            id INTEGER PRIMARY KEY,
            run INTEGER NOT NULL REFERENCES runs(id),
            camera TEXT NOT NULL,
            file TEXT NOT NULL,
            codec TEXT NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            start_ticks INTEGER NOT NULL,
            end_ticks INTEGER,
            start_timecode TEXT NOT NULL,
            bytes INTEGER,
            frames INTEGER,
            opened_utc INTEGER NOT NULL,
            closed_utc INTEGER);
        CREATE INDEX IF NOT EXISTS segments_by_camera_time ON segments (run, camera, start_ticks);
        CREATE TABLE IF NOT EXISTS frames (
            segment INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
            frame_in_segment INTEGER NOT NULL,
            pts INTEGER NOT NULL,
            capture_ticks INTEGER NOT NULL,
            timecode TEXT NOT NULL,
            byte_offset INTEGER NOT NULL,
            key_frame INTEGER NOT NULL,
            written_utc INTEGER NOT NULL,
            PRIMARY KEY (segment, frame_in_segment)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS skeletons (
            run INTEGER NOT NULL REFERENCES runs(id),
            time_ticks INTEGER NOT NULL,
            timecode TEXT NOT NULL,
            person INTEGER NOT NULL,
            joints BLOB NOT NULL,
            PRIMARY KEY (run, time_ticks, person)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS calibrations (
            run INTEGER NOT NULL REFERENCES runs(id),
            camera TEXT NOT NULL,
            toml TEXT NOT NULL,
            PRIMARY KEY (run, camera)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS camera_offsets (
            run INTEGER NOT NULL REFERENCES runs(id),
            camera TEXT NOT NULL,
            since_ticks INTEGER NOT NULL,
            offset_ticks INTEGER NOT NULL,
            PRIMARY KEY (run, camera, since_ticks)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS run_privacy (
            run INTEGER PRIMARY KEY REFERENCES runs(id),
            blur TEXT NOT NULL,
            keep_unblurred INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS blur_regions (
            run INTEGER NOT NULL REFERENCES runs(id),
            camera TEXT NOT NULL,
            time_ticks INTEGER NOT NULL,
            regions BLOB NOT NULL,
            PRIMARY KEY (run, camera, time_ticks)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS blurred_segments (
            segment INTEGER PRIMARY KEY REFERENCES segments(id) ON DELETE CASCADE,
            blurred_utc INTEGER NOT NULL,
            pictures INTEGER NOT NULL);
        """;

    /// <summary>Seconds → ticks, rounded down (exact for every frame rate's frame starts to 100 ns).</summary>
    public static long Ticks(Rational seconds) => seconds.Multiply(TicksPerSecond).Floor();

    /// <summary>Ticks → seconds, exact.</summary>
    public static Rational Seconds(long ticks) => new(ticks, TicksPerSecond);

    /// <summary>The timecode of a capture time (00:00:00:00 for times before zero).</summary>
    public static string Timecode(Rational seconds, FrameRate rate) =>
        Core.Time.Timecode.FromTime(seconds < Rational.Zero ? Rational.Zero : seconds, rate).ToString();

    /// <summary>Room for a timecode in UTF-8 (hours beyond 99 included).</summary>
    public const int TimecodeBytes = 24;

    /// <summary>
    /// The same timecode as UTF-8 into <paramref name="utf8"/> (<see cref="TimecodeBytes"/> long), without allocating
    /// (the recorder's per-packet row); returns the bytes written.
    /// </summary>
    public static int Timecode(Rational seconds, FrameRate rate, Span<byte> utf8)
    {
        // Field by field: Utf8.TryWrite's interpolation allocated 120 B a call (measured), the row's whole cost.
        Core.Time.Timecode t = Core.Time.Timecode.FromTime(seconds < Rational.Zero ? Rational.Zero : seconds, rate);
        System.Globalization.CultureInfo invariant = System.Globalization.CultureInfo.InvariantCulture;
        t.Hours.TryFormat(utf8, out int n, "00", invariant);
        utf8[n++] = (byte)':';
        t.Minutes.TryFormat(utf8[n..], out int w, "00", invariant);
        n += w;
        utf8[n++] = (byte)':';
        t.Seconds.TryFormat(utf8[n..], out w, "00", invariant);
        n += w;
        utf8[n++] = t.DropFrame ? (byte)';' : (byte)':';
        t.Frames.TryFormat(utf8[n..], out w, "00", invariant);
        return n + w;
    }
}
