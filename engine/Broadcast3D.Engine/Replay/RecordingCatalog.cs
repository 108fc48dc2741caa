using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Tracking.Calibration;
using Microsoft.Data.Sqlite;

namespace Broadcast3D.Engine.Replay;

/// <summary>
/// Reads a recording folder's index (also while <c>b3d run</c> is writing it: SQLite WAL readers see the last
/// commit): runs, cameras with their time range, gaps and size, the segments overlapping a time range and their
/// pictures. Every lookup goes through the index (segments by camera and start time, pictures by segment), never a
/// scan of the video. Not thread-safe: one caller at a time.
/// </summary>
public sealed class RecordingCatalog : IDisposable
{
    private readonly SqliteConnection _connection;

    private RecordingCatalog(string folder, SqliteConnection connection)
    {
        Folder = folder;
        _connection = connection;
    }

    /// <summary>The recording folder (full path).</summary>
    public string Folder { get; }

    /// <summary>Opens the index of <paramref name="folder"/> read-only.</summary>
    /// <exception cref="ReplayException">The folder or its index does not exist or cannot be read (the message names it).</exception>
    public static RecordingCatalog Open(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string full = Path.GetFullPath(folder);
        string index = Path.Combine(full, RecordingSchema.IndexFile);
        if (!Directory.Exists(full))
            throw new ReplayException($"recording {full}: no such folder; give the record.folder of a b3d run configuration");
        if (!File.Exists(index))
            throw new ReplayException($"recording {full}: no replay index ({RecordingSchema.IndexFile}) in it; give the record.folder of a b3d run configuration");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = index, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            connection.Open();
            using SqliteCommand check = connection.CreateCommand();
            check.CommandText = "SELECT count(*) FROM runs";
            check.ExecuteScalar();
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new ReplayException($"recording {full}: the index {index} cannot be read ({ex.Message}); it is not a Broadcast3D replay index or it is damaged", ex);
        }
        return new RecordingCatalog(full, connection);
    }

    /// <summary>The runs recorded, oldest first.</summary>
    public IReadOnlyList<RecordedRun> Runs()
    {
        var runs = new List<RecordedRun>();
        using SqliteCommand c = _connection.CreateCommand();
        c.CommandText = "SELECT id, started_utc, frame_rate FROM runs ORDER BY id";
        using SqliteDataReader r = c.ExecuteReader();
        while (r.Read())
            runs.Add(new RecordedRun(r.GetInt64(0), new DateTime(r.GetInt64(1), DateTimeKind.Utc), FrameRate.Parse(r.GetString(2))));
        return runs;
    }

    /// <summary>The run <paramref name="id"/>, or the last run with segments when null.</summary>
    /// <exception cref="ReplayException">No such run, or nothing recorded.</exception>
    public RecordedRun Run(long? id)
    {
        IReadOnlyList<RecordedRun> runs = Runs();
        if (id is { } wanted)
            return runs.FirstOrDefault(r => r.Id == wanted)
                   ?? throw new ReplayException($"recording {Folder}: no run {wanted}; runs: {string.Join(", ", runs.Select(r => r.Id))}");
        using SqliteCommand c = _connection.CreateCommand();
        c.CommandText = "SELECT max(run) FROM segments";
        object? last = c.ExecuteScalar();
        if (last is not long lastRun)
            throw new ReplayException($"recording {Folder}: nothing recorded yet (no segments in the index)");
        return runs.First(r => r.Id == lastRun);
    }

    /// <summary>The cameras of <paramref name="run"/> with their range, gaps and size, in name order.</summary>
    public IReadOnlyList<CameraRecording> Cameras(RecordedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var cameras = new List<CameraRecording>();
        using SqliteCommand c = _connection.CreateCommand();
        c.CommandText = "SELECT DISTINCT camera FROM segments WHERE run = $run ORDER BY camera";
        c.Parameters.AddWithValue("$run", run.Id);
        var names = new List<string>();
        using (SqliteDataReader r = c.ExecuteReader())
        {
            while (r.Read())
                names.Add(r.GetString(0));
        }
        Rational tolerance = run.FrameRate.FrameDuration * new Rational(3, 2);
        foreach (string name in names)
        {
            IReadOnlyList<RecordedSegment> segments = Segments(run, name, null, null);
            if (segments.Count == 0)
                continue;
            var gaps = new List<(Rational, Rational)>();
            for (int i = 1; i < segments.Count; i++)
            {
                Rational previousEnd = segments[i - 1].End ?? segments[i - 1].Start;
                if (segments[i].Start - previousEnd > tolerance)
                    gaps.Add((previousEnd, segments[i].Start));
            }
            (string codec, int width, int height) = Stream(segments[0].Id);
            RecordedSegment last = segments[^1];
            Rational end = last.End ?? LastCapture(last.Id) ?? last.Start;
            cameras.Add(new CameraRecording(name, codec, width, height, segments[0].Start, end, segments.Count, segments.Sum(s => (long)s.Frames),
                segments.Sum(s => s.Bytes ?? FileSize(s.Path)), gaps));
        }
        return cameras;
    }

    /// <summary>
    /// The segments of <paramref name="camera"/> in <paramref name="run"/> that overlap [<paramref name="from"/>,
    /// <paramref name="to"/>) (null: open end), in time order.
    /// </summary>
    public IReadOnlyList<RecordedSegment> Segments(RecordedRun run, string camera, Rational? from, Rational? to)
    {
        ArgumentNullException.ThrowIfNull(run);
        var segments = new List<RecordedSegment>();
        using SqliteCommand c = _connection.CreateCommand();
        // A segment still open (or cut by a crash) has no end: its pictures' last capture stands in.
        c.CommandText = """
            SELECT s.id, s.file, s.start_ticks, s.end_ticks, s.bytes,
                   (SELECT count(*) FROM frames f WHERE f.segment = s.id),
                   coalesce(s.end_ticks, (SELECT max(capture_ticks) FROM frames f WHERE f.segment = s.id), s.start_ticks)
            FROM segments s
            WHERE s.run = $run AND s.camera = $camera AND s.start_ticks < $to
            ORDER BY s.start_ticks
            """;
        c.Parameters.AddWithValue("$run", run.Id);
        c.Parameters.AddWithValue("$camera", camera);
        c.Parameters.AddWithValue("$to", to is { } t ? RecordingSchema.Ticks(t) : long.MaxValue);
        long fromTicks = from is { } f ? RecordingSchema.Ticks(f) : long.MinValue;
        using SqliteDataReader r = c.ExecuteReader();
        while (r.Read())
        {
            // Overlap: starts before `to` and ends after `from` (an open segment's end is its last picture's start).
            long end = r.GetInt64(6);
            if (r.IsDBNull(3) ? end < fromTicks : end <= fromTicks)
                continue;
            segments.Add(new RecordedSegment(r.GetInt64(0), camera, Path.Combine(Folder, r.GetString(1)), RecordingSchema.Seconds(r.GetInt64(2)),
                r.IsDBNull(3) ? null : RecordingSchema.Seconds(r.GetInt64(3)), r.IsDBNull(4) ? null : r.GetInt64(4), r.GetInt32(5)));
        }
        return segments;
    }

    /// <summary>
    /// Where the live sync placed <paramref name="camera"/>'s clock during <paramref name="run"/>, in time order (empty:
    /// never placed, e.g. a recording made before placements were indexed: its capture times are the common clock).
    /// </summary>
    public IReadOnlyList<CameraPlacement> Placements(RecordedRun run, string camera)
    {
        ArgumentNullException.ThrowIfNull(run);
        var placements = new List<CameraPlacement>();
        using SqliteCommand c = _connection.CreateCommand();
        c.CommandText = "SELECT since_ticks, offset_ticks FROM camera_offsets WHERE run = $run AND camera = $camera ORDER BY since_ticks";
        c.Parameters.AddWithValue("$run", run.Id);
        c.Parameters.AddWithValue("$camera", camera);
        try
        {
            using SqliteDataReader r = c.ExecuteReader();
            while (r.Read())
                placements.Add(new CameraPlacement(RecordingSchema.Seconds(r.GetInt64(0)), RecordingSchema.Seconds(r.GetInt64(1))));
        }
        catch (SqliteException) when (!HasTable("camera_offsets"))
        {
            // An index written before placements were recorded (opened read-only, so the table was never added).
        }
        return placements;
    }

    /// <summary>
    /// The offset that maps <paramref name="camera"/>'s capture times to the common clock at common time
    /// <paramref name="common"/>: the placement in force then (the first one before it was first placed); zero when
    /// the camera was never placed.
    /// </summary>
    public Rational OffsetAt(RecordedRun run, string camera, Rational common)
    {
        IReadOnlyList<CameraPlacement> placements = Placements(run, camera);
        if (placements.Count == 0)
            return Rational.Zero;
        CameraPlacement inForce = placements[0];
        foreach (CameraPlacement p in placements)
        {
            if (p.Since <= common)
                inForce = p;
        }
        return inForce.Offset;
    }

    /// <summary>
    /// The 3D recorded for <paramref name="run"/> between common times <paramref name="from"/> and <paramref name="to"/>
    /// (inclusive), one set per tracked frame set with people, in time order, each person's joints as recorded
    /// (x, y, z metres per keypoint of <paramref name="definition"/>, NaN where missing).
    /// </summary>
    public IReadOnlyList<Scene.SkeletonSet> Skeletons(RecordedRun run, Core.Skeletons.SkeletonDefinition definition, int maxPeople, Rational from, Rational to)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(definition);
        var sets = new List<Scene.SkeletonSet>();
        using SqliteCommand c = _connection.CreateCommand();
        c.CommandText = "SELECT time_ticks, person, joints FROM skeletons WHERE run = $run AND time_ticks >= $from AND time_ticks <= $to ORDER BY time_ticks, person";
        c.Parameters.AddWithValue("$run", run.Id);
        c.Parameters.AddWithValue("$from", RecordingSchema.Ticks(from));
        c.Parameters.AddWithValue("$to", RecordingSchema.Ticks(to));
        using SqliteDataReader r = c.ExecuteReader();
        Scene.SkeletonSet? current = null;
        long currentTicks = long.MinValue;
        while (r.Read())
        {
            long ticks = r.GetInt64(0);
            if (current is null || ticks != currentTicks)
            {
                current = new Scene.SkeletonSet(definition, maxPeople) { Time = RecordingSchema.Seconds(ticks) };
                currentTicks = ticks;
                sets.Add(current);
            }
            if (current.Count >= maxPeople)
                continue;
            ReadOnlySpan<float> joints = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>((byte[])r.GetValue(2));
            if (joints.Length != current.Stride)
                throw new ReplayException($"recording {Folder}: run {run.Id}'s 3D at {RecordingSchema.Seconds(ticks).ToDouble():0.###}s has {joints.Length / 3} keypoints per person, not the {definition.KeypointCount} of {definition.Name}; it was recorded with another skeleton");
            current.PersonIds[current.Count] = r.GetInt32(1);
            joints.CopyTo(current.PersonJoints(current.Count));
            current.Count++;
        }
        return sets;
    }

    /// <summary>The pictures of segment <paramref name="segment"/> in presentation order.</summary>
    public IReadOnlyList<IndexedFrame> Frames(long segment)
    {
        var frames = new List<IndexedFrame>();
        using SqliteCommand c = _connection.CreateCommand();
        c.CommandText = "SELECT frame_in_segment, pts, capture_ticks, timecode, byte_offset, key_frame FROM frames WHERE segment = $s ORDER BY pts";
        c.Parameters.AddWithValue("$s", segment);
        using SqliteDataReader r = c.ExecuteReader();
        while (r.Read())
        {
            frames.Add(new IndexedFrame(r.GetInt32(0), r.GetInt64(1), RecordingSchema.Seconds(r.GetInt64(2)), r.GetString(3), r.GetInt64(4),
                r.GetInt64(5) != 0));
        }
        return frames;
    }

    /// <summary>The calibration camera <paramref name="camera"/> was recorded with in <paramref name="run"/>.</summary>
    /// <exception cref="ReplayException">
    /// The run stored no calibration for the camera (recorded before calibrations were kept, or not by <c>b3d run</c>),
    /// or what it stored does not parse: the message names the recording, run and camera.
    /// </exception>
    public Camera Calibration(RecordedRun run, string camera)
    {
        ArgumentNullException.ThrowIfNull(run);
        using SqliteCommand c = _connection.CreateCommand();
        c.CommandText = "SELECT toml FROM calibrations WHERE run = $run AND camera = $camera";
        c.Parameters.AddWithValue("$run", run.Id);
        c.Parameters.AddWithValue("$camera", camera);
        if (c.ExecuteScalar() is not string toml)
        {
            throw new ReplayException($"recording {Folder}: run {run.Id} holds no calibration for camera {camera} (recorded before calibrations were kept); " +
                                      "graphics need one: record again with b3d run, or export without --graphics");
        }
        try
        {
            return CalibrationToml.Parse(toml, $"{Folder} run {run.Id} camera {camera}", LengthUnit.Metres, out _).Cameras[0];
        }
        catch (CalibrationFormatException ex)
        {
            throw new ReplayException($"recording {Folder}: run {run.Id}: the calibration of camera {camera} is damaged ({ex.Message})", ex);
        }
    }

    /// <summary>
    /// The 3D recorded in <paramref name="run"/> between <paramref name="from"/> and <paramref name="to"/> (both
    /// included), in time order: one <see cref="SkeletonSet"/> of <paramref name="definition"/> per tracked frame
    /// set, at most <paramref name="maxPeople"/> people each (more are left out, lowest track ids kept).
    /// </summary>
    /// <exception cref="ReplayException">A row's joints do not hold <paramref name="definition"/>'s keypoints (names the time).</exception>
    public IReadOnlyList<SkeletonSet> Skeletons(RecordedRun run, Rational from, Rational to, SkeletonDefinition definition, int maxPeople)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(definition);
        var sets = new List<SkeletonSet>();
        using SqliteCommand c = _connection.CreateCommand();
        c.CommandText = "SELECT time_ticks, person, joints FROM skeletons WHERE run = $run AND time_ticks >= $from AND time_ticks <= $to ORDER BY time_ticks, person";
        c.Parameters.AddWithValue("$run", run.Id);
        c.Parameters.AddWithValue("$from", RecordingSchema.Ticks(from));
        c.Parameters.AddWithValue("$to", RecordingSchema.Ticks(to));
        using SqliteDataReader r = c.ExecuteReader();
        SkeletonSet? current = null;
        long currentTicks = long.MinValue;
        int bytesPerPerson = definition.KeypointCount * 3 * sizeof(float);
        while (r.Read())
        {
            long ticks = r.GetInt64(0);
            if (current is null || ticks != currentTicks)
            {
                current = new SkeletonSet(definition, maxPeople) { Time = RecordingSchema.Seconds(ticks) };
                currentTicks = ticks;
                sets.Add(current);
            }
            byte[] joints = (byte[])r.GetValue(2);
            if (joints.Length != bytesPerPerson)
            {
                throw new ReplayException($"recording {Folder}: run {run.Id}: the 3D of person {r.GetInt64(1)} at {RecordingSchema.Timecode(current.Time, run.FrameRate)} " +
                                          $"has {joints.Length / 12} joints, not the {definition.KeypointCount} of {definition.Name}");
            }
            if (current.Count == maxPeople)
                continue;
            current.PersonIds[current.Count] = (int)r.GetInt64(1);
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(joints).CopyTo(current.PersonJoints(current.Count));
            current.Count++;
        }
        return sets;
    }

    /// <summary>
    /// How <paramref name="run"/>'s pictures are protected (issue #21): the blur mode its regions were chosen by and
    /// whether it was recorded with <c>record.keepUnblurred</c>; null for a run recorded before blur regions were kept
    /// (or not by <c>b3d run</c>), whose pictures are replayed as recorded.
    /// </summary>
    public RecordedPrivacy? Privacy(RecordedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!HasTable("run_privacy"))
            return null;
        using SqliteCommand c = _connection.CreateCommand();
        c.CommandText = "SELECT blur, keep_unblurred FROM run_privacy WHERE run = $run";
        c.Parameters.AddWithValue("$run", run.Id);
        using SqliteDataReader r = c.ExecuteReader();
        if (!r.Read())
            return null;
        string blur = r.GetString(0);
        if (!Enum.TryParse(blur, ignoreCase: true, out Privacy.BlurMode mode))
            throw new ReplayException($"recording {Folder}: run {run.Id}'s blur mode '{blur}' is not one of untracked, unconsented, none; the index is damaged");
        return new RecordedPrivacy(mode, r.GetInt64(1) != 0);
    }

    /// <summary>
    /// The regions blurred in <paramref name="camera"/>'s pictures of <paramref name="run"/>, one entry per tracked frame
    /// set between common times <paramref name="from"/> and <paramref name="to"/> (inclusive), in time order: its time
    /// and its regions (x, y, width, height in the camera's pixels; empty: nobody to blur).
    /// </summary>
    /// <exception cref="ReplayException">A row is not a whole number of regions (names the run, camera and time).</exception>
    public IReadOnlyList<(Rational Time, System.Numerics.Vector4[] Regions)> BlurRegions(RecordedRun run, string camera, Rational from, Rational to)
    {
        ArgumentNullException.ThrowIfNull(run);
        var rows = new List<(Rational, System.Numerics.Vector4[])>();
        if (!HasTable("blur_regions"))
            return rows;
        using SqliteCommand c = _connection.CreateCommand();
        c.CommandText = "SELECT time_ticks, regions FROM blur_regions WHERE run = $run AND camera = $cam AND time_ticks >= $from AND time_ticks <= $to ORDER BY time_ticks";
        c.Parameters.AddWithValue("$run", run.Id);
        c.Parameters.AddWithValue("$cam", camera);
        c.Parameters.AddWithValue("$from", RecordingSchema.Ticks(from));
        c.Parameters.AddWithValue("$to", RecordingSchema.Ticks(to));
        using SqliteDataReader r = c.ExecuteReader();
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<System.Numerics.Vector4>();
        while (r.Read())
        {
            byte[] bytes = (byte[])r.GetValue(1);
            Rational time = RecordingSchema.Seconds(r.GetInt64(0));
            if (bytes.Length % size != 0)
                throw new ReplayException($"recording {Folder}: run {run.Id}: the blur regions of {camera} at {RecordingSchema.Timecode(time, run.FrameRate)} are {bytes.Length} bytes, not a whole number of regions; the index is damaged");
            rows.Add((time, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, System.Numerics.Vector4>(bytes).ToArray()));
        }
        return rows;
    }

    public void Dispose() => _connection.Dispose();

    private (string Codec, int Width, int Height) Stream(long segment)
    {
        using SqliteCommand c = _connection.CreateCommand();
        c.CommandText = "SELECT codec, width, height FROM segments WHERE id = $s";
        c.Parameters.AddWithValue("$s", segment);
        using SqliteDataReader r = c.ExecuteReader();
        r.Read();
        return (r.GetString(0), r.GetInt32(1), r.GetInt32(2));
    }

    private Rational? LastCapture(long segment)
    {
        using SqliteCommand c = _connection.CreateCommand();
        c.CommandText = "SELECT max(capture_ticks) FROM frames WHERE segment = $s";
        c.Parameters.AddWithValue("$s", segment);
        return c.ExecuteScalar() is long ticks ? RecordingSchema.Seconds(ticks) : null;
    }

    /// <summary>
    /// The segments of <paramref name="run"/> already blurred on disk (issue #21: <c>blurred_segments</c>), with the
    /// pictures blurred in each; empty for an index made before segments were blurred.
    /// </summary>
    public IReadOnlyDictionary<long, int> BlurredSegments(RecordedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var blurred = new Dictionary<long, int>();
        if (!HasTable("blurred_segments"))
            return blurred;
        using SqliteCommand c = _connection.CreateCommand();
        c.CommandText = "SELECT b.segment, b.pictures FROM blurred_segments b JOIN segments s ON s.id = b.segment WHERE s.run = $run";
        c.Parameters.AddWithValue("$run", run.Id);
        using SqliteDataReader r = c.ExecuteReader();
        while (r.Read())
            blurred[r.GetInt64(0)] = r.GetInt32(1);
        return blurred;
    }

    /// <summary>Common time of <paramref name="camera"/>'s last tracked frame set with blur regions in <paramref name="run"/>; null: none yet.</summary>
    public Rational? BlurRegionsUntil(RecordedRun run, string camera)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!HasTable("blur_regions"))
            return null;
        using SqliteCommand c = _connection.CreateCommand();
        c.CommandText = "SELECT max(time_ticks) FROM blur_regions WHERE run = $run AND camera = $cam";
        c.Parameters.AddWithValue("$run", run.Id);
        c.Parameters.AddWithValue("$cam", camera);
        return c.ExecuteScalar() is long ticks ? RecordingSchema.Seconds(ticks) : null;
    }

    private bool HasTable(string name)
    {
        using SqliteCommand c = _connection.CreateCommand();
        c.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        c.Parameters.AddWithValue("$name", name);
        return (long)c.ExecuteScalar()! > 0;
    }

    private static long FileSize(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
