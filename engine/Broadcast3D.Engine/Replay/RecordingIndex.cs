using System.Diagnostics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Time;
using Broadcast3D.Media.Recording;
using Broadcast3D.Tracking.Calibration;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Broadcast3D.Engine.Replay;

/// <summary>
/// The replay index of one recording folder while it is being written (<c>FOLDER/index.sqlite</c>, SQLite in WAL
/// mode so <see cref="RecordingCatalog"/> can read it at the same time): one row per segment and per recorded
/// picture, and the 3D of every tracked frame set. Each <c>b3d run</c> appends a run. Rows are committed when a
/// segment closes and at least every <see cref="CommitInterval"/>, so a killed process loses the index rows of its
/// last fraction of a second, never those of a closed segment. Retention deletes the oldest closed segments (file
/// and rows) beyond <see cref="RecordingRetention"/>'s minutes or gigabytes, except segments pinned by a replay in
/// progress (<see cref="Pin"/>), which go once released. Thread-safe: every recorder thread and the tracking thread
/// share it (one connection behind a lock; SQLite has one writer anyway). A picture's row is written through a raw
/// prepared statement (SQLitePCL, values bound in place, the timecode formatted on the stack) inside a transaction
/// begun and committed by raw statements too, so the recorder threads allocate nothing per packet; the rarer rows
/// (segments, 3D, placements, retention) go through Microsoft.Data.Sqlite commands on the same connection.
/// </summary>
public sealed class RecordingIndex : ISegmentIndex, IDisposable
{
    /// <summary>Longest time index rows wait in an open transaction (a crash loses at most this much of the index).</summary>
    public static readonly TimeSpan CommitInterval = TimeSpan.FromMilliseconds(250);

    private readonly Lock _lock = new();
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _insertFrame;
    private readonly sqlite3_stmt _insertSkeleton;
    private readonly sqlite3_stmt _insertBlur;
    // Camera names as UTF-8 for the blur rows' raw binding (a string binding encodes anew each time).
    private readonly Dictionary<string, byte[]> _cameraUtf8 = [];
    private readonly sqlite3_stmt _begin;
    private readonly sqlite3_stmt _commit;
    private readonly FrameRate _rate;
    private readonly RecordingRetention _retention;
    private readonly Serilog.ILogger _log;
    private readonly Dictionary<long, int> _pins = [];
    private bool _inTransaction;
    private long _lastCommit;
    private bool _disposed;

    /// <summary>Opens (or creates) the index in <paramref name="folder"/> and starts a new run.</summary>
    /// <param name="folder">The recording folder (created if missing).</param>
    /// <param name="rate">The programme's frame rate: timecodes are counted at it.</param>
    /// <param name="retention">What is kept.</param>
    /// <param name="log">Receives retention deletions and failures; null: the process logger.</param>
    /// <exception cref="IOException">The folder or index cannot be created or opened (the message names it).</exception>
    public RecordingIndex(string folder, FrameRate rate, RecordingRetention retention, Serilog.ILogger? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(retention);
        Folder = Path.GetFullPath(folder);
        _rate = rate;
        _retention = retention;
        _log = log ?? Serilog.Log.Logger;
        string path = Path.Combine(Folder, RecordingSchema.IndexFile);
        try
        {
            Directory.CreateDirectory(Folder);
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            _connection.Open();
            Execute(RecordingSchema.Create + "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
            using (SqliteCommand run = _connection.CreateCommand())
            {
                run.CommandText = "INSERT INTO runs (started_utc, frame_rate) VALUES ($utc, $rate); SELECT last_insert_rowid();";
                run.Parameters.AddWithValue("$utc", DateTime.UtcNow.Ticks);
                run.Parameters.AddWithValue("$rate", rate.ToString());
                Run = (long)run.ExecuteScalar()!;
            }
            _insertFrame = Prepare("INSERT INTO frames (segment, frame_in_segment, pts, capture_ticks, timecode, byte_offset, key_frame, written_utc) " +
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
            // Rows written per tracked frame set on the tracking thread: prepared once, bound raw, so they allocate nothing.
            _insertSkeleton = Prepare("INSERT OR REPLACE INTO skeletons (run, time_ticks, timecode, person, joints) VALUES (?1, ?2, ?3, ?4, ?5)");
            _insertBlur = Prepare("INSERT OR REPLACE INTO blur_regions (run, camera, time_ticks, regions) VALUES (?1, ?2, ?3, ?4)");
            _begin = Prepare("BEGIN");
            _commit = Prepare("COMMIT");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException)
        {
            throw new IOException($"record.folder: cannot open the replay index {path}: {ex.Message}", ex);
        }
    }

    /// <summary>The recording folder (full path).</summary>
    public string Folder { get; }

    /// <summary>This run's id in the index.</summary>
    public long Run { get; }

    /// <summary>Segments deleted by retention so far.</summary>
    public long SegmentsDeleted { get; private set; }

    /// <inheritdoc />
    public long SegmentOpened(string camera, string path, string codec, int width, int height, Rational startCapture)
    {
        lock (_lock)
        {
            Begin();
            using SqliteCommand c = _connection.CreateCommand();
            c.CommandText = "INSERT INTO segments (run, camera, file, codec, width, height, start_ticks, start_timecode, opened_utc) " +
                            "VALUES ($run, $cam, $file, $codec, $w, $h, $t, $tc, $utc); SELECT last_insert_rowid();";
            c.Parameters.AddWithValue("$run", Run);
            c.Parameters.AddWithValue("$cam", camera);
            c.Parameters.AddWithValue("$file", Path.GetRelativePath(Folder, path));
            c.Parameters.AddWithValue("$codec", codec);
            c.Parameters.AddWithValue("$w", width);
            c.Parameters.AddWithValue("$h", height);
            c.Parameters.AddWithValue("$t", RecordingSchema.Ticks(startCapture));
            c.Parameters.AddWithValue("$tc", RecordingSchema.Timecode(startCapture, _rate));
            c.Parameters.AddWithValue("$utc", DateTime.UtcNow.Ticks);
            return (long)c.ExecuteScalar()!;
        }
    }

    /// <inheritdoc />
    public void FrameWritten(long segment, in RecordedFrame frame)
    {
        lock (_lock)
        {
            Begin();
            Span<byte> timecode = stackalloc byte[RecordingSchema.TimecodeBytes];
            int length = RecordingSchema.Timecode(frame.CaptureTime, _rate, timecode);
            Check(raw.sqlite3_bind_int64(_insertFrame, 1, segment));
            Check(raw.sqlite3_bind_int64(_insertFrame, 2, frame.FrameInSegment));
            Check(raw.sqlite3_bind_int64(_insertFrame, 3, frame.Pts));
            Check(raw.sqlite3_bind_int64(_insertFrame, 4, RecordingSchema.Ticks(frame.CaptureTime)));
            Check(raw.sqlite3_bind_text(_insertFrame, 5, timecode[..length]));
            Check(raw.sqlite3_bind_int64(_insertFrame, 6, frame.ByteOffset));
            Check(raw.sqlite3_bind_int64(_insertFrame, 7, frame.KeyFrame ? 1 : 0));
            Check(raw.sqlite3_bind_int64(_insertFrame, 8, frame.ArrivalUtcTicks));
            Step(_insertFrame);
            if (Stopwatch.GetElapsedTime(_lastCommit) >= CommitInterval)
                Commit();
        }
    }

    /// <inheritdoc />
    public void SegmentClosed(long segment, Rational endCapture, long bytes, int frames)
    {
        lock (_lock)
        {
            Begin();
            using (SqliteCommand c = _connection.CreateCommand())
            {
                c.CommandText = "UPDATE segments SET end_ticks = $end, bytes = $bytes, frames = $frames, closed_utc = $utc WHERE id = $id";
                c.Parameters.AddWithValue("$end", RecordingSchema.Ticks(endCapture));
                c.Parameters.AddWithValue("$bytes", bytes);
                c.Parameters.AddWithValue("$frames", frames);
                c.Parameters.AddWithValue("$utc", DateTime.UtcNow.Ticks);
                c.Parameters.AddWithValue("$id", segment);
                c.ExecuteNonQuery();
            }
            Commit();
            EnforceRetention();
        }
    }

    /// <summary>
    /// Appends the 3D of one tracked frame set: per person its id and joints (x, y, z metres as little-endian
    /// float32, NaN where missing) at <paramref name="time"/> (seconds on the pipeline's timeline).
    /// </summary>
    public void SkeletonsTracked(Rational time, ReadOnlySpan<int> personIds, ReadOnlySpan<float> joints, int floatsPerPerson)
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            Begin();
            Span<byte> timecode = stackalloc byte[RecordingSchema.TimecodeBytes];
            int length = RecordingSchema.Timecode(time, _rate, timecode);
            for (int p = 0; p < personIds.Length; p++)
            {
                Check(raw.sqlite3_bind_int64(_insertSkeleton, 1, Run));
                Check(raw.sqlite3_bind_int64(_insertSkeleton, 2, RecordingSchema.Ticks(time)));
                Check(raw.sqlite3_bind_text(_insertSkeleton, 3, timecode[..length]));
                Check(raw.sqlite3_bind_int64(_insertSkeleton, 4, personIds[p]));
                Check(raw.sqlite3_bind_blob(_insertSkeleton, 5, System.Runtime.InteropServices.MemoryMarshal.AsBytes(joints.Slice(p * floatsPerPerson, floatsPerPerson))));
                Step(_insertSkeleton);
            }
        }
    }

    /// <summary>
    /// Records how this run's pictures are protected (issue #21): the <c>privacy.blur</c> mode the regions of
    /// <see cref="BlurRegionsTracked"/> were chosen by, and <c>record.keepUnblurred</c>. Call once when the run starts;
    /// a run without this row (recorded before blur regions were kept) is replayed as recorded.
    /// </summary>
    public void PrivacyUsed(Privacy.BlurMode blur, bool keepUnblurred)
    {
        lock (_lock)
        {
            Begin();
            using SqliteCommand c = _connection.CreateCommand();
            c.CommandText = "INSERT OR REPLACE INTO run_privacy (run, blur, keep_unblurred) VALUES ($run, $blur, $keep)";
            c.Parameters.AddWithValue("$run", Run);
            c.Parameters.AddWithValue("$blur", blur.ToString().ToLowerInvariant());
            c.Parameters.AddWithValue("$keep", keepUnblurred ? 1 : 0);
            c.ExecuteNonQuery();
            Commit();
        }
    }

    /// <summary>
    /// Appends the regions (x, y, width, height in the camera's pixels, as little-endian float32) blurred in camera
    /// <paramref name="camera"/>'s picture of the frame set tracked at <paramref name="time"/> (common clock, seconds);
    /// none is a row too: tracking looked and found nobody to blur. Tracking thread, once per camera and tracked set.
    /// </summary>
    public void BlurRegionsTracked(string camera, Rational time, ReadOnlySpan<System.Numerics.Vector4> regions)
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            Begin();
            if (!_cameraUtf8.TryGetValue(camera, out byte[]? name))
                _cameraUtf8[camera] = name = System.Text.Encoding.UTF8.GetBytes(camera);
            Check(raw.sqlite3_bind_int64(_insertBlur, 1, Run));
            Check(raw.sqlite3_bind_text(_insertBlur, 2, name));
            Check(raw.sqlite3_bind_int64(_insertBlur, 3, RecordingSchema.Ticks(time)));
            // No region is an empty blob, not NULL: tracking looked and found nobody to blur.
            Check(regions.IsEmpty ? raw.sqlite3_bind_zeroblob(_insertBlur, 4, 0)
                : raw.sqlite3_bind_blob(_insertBlur, 4, System.Runtime.InteropServices.MemoryMarshal.AsBytes(regions)));
            Step(_insertBlur);
        }
    }

    /// <summary>
    /// Commits the rows waiting in the open transaction (the tracking thread's 3D and blur regions commit with the
    /// recorders' next rows), so another connection reading the folder (<see cref="RecordingCatalog"/>) sees them now.
    /// </summary>
    public void Flush()
    {
        lock (_lock)
        {
            if (!_disposed)
                Commit();
        }
    }

    /// <summary>
    /// Marks segment <paramref name="segment"/> (of any run) as blurred on disk (issue #21, <c>SegmentBlurPass</c>):
    /// its file now holds <paramref name="bytes"/> bytes with <paramref name="pictures"/> pictures blurred (0: no
    /// picture had a region, the file was left as recorded). Its pictures' rows stay: the rewrite keeps their
    /// timestamps. Committed at once.
    /// </summary>
    public void SegmentBlurred(long segment, long bytes, int pictures)
    {
        lock (_lock)
        {
            Begin();
            using (SqliteCommand c = _connection.CreateCommand())
            {
                c.CommandText = "UPDATE segments SET bytes = $bytes WHERE id = $id AND bytes IS NOT NULL; " +
                                "INSERT OR REPLACE INTO blurred_segments (segment, blurred_utc, pictures) VALUES ($id, $utc, $pictures)";
                c.Parameters.AddWithValue("$id", segment);
                c.Parameters.AddWithValue("$bytes", bytes);
                c.Parameters.AddWithValue("$utc", DateTime.UtcNow.Ticks);
                c.Parameters.AddWithValue("$pictures", pictures);
                c.ExecuteNonQuery();
            }
            Commit();
        }
    }

    /// <summary>
    /// Records camera <paramref name="camera"/>'s calibration for this run (Pose2Sim TOML of that one camera), so a
    /// replay draws its graphics through the lens the pictures were taken with even after the configuration changed.
    /// Call once per camera when the run starts; a second call replaces the first.
    /// </summary>
    public void CalibrationUsed(string camera, Camera calibration)
    {
        ArgumentException.ThrowIfNullOrEmpty(camera);
        ArgumentNullException.ThrowIfNull(calibration);
        string toml = CalibrationToml.Format(new CameraRig([calibration]));
        lock (_lock)
        {
            Begin();
            using SqliteCommand c = _connection.CreateCommand();
            c.CommandText = "INSERT OR REPLACE INTO calibrations (run, camera, toml) VALUES ($run, $cam, $toml)";
            c.Parameters.AddWithValue("$run", Run);
            c.Parameters.AddWithValue("$cam", camera);
            c.Parameters.AddWithValue("$toml", toml);
            c.ExecuteNonQuery();
            Commit();
        }
    }

    /// <summary>
    /// Records where the live sync placed <paramref name="camera"/>'s clock from common time <paramref name="since"/>
    /// on: common = capture + <paramref name="offset"/> (<see cref="CameraPlacement"/>). Called when the placement
    /// changes (a few times a run: the start-up burst settles, a camera reconnects), so it costs one row each.
    /// </summary>
    public void CameraPlaced(string camera, Rational since, Rational offset)
    {
        ArgumentException.ThrowIfNullOrEmpty(camera);
        lock (_lock)
        {
            if (_disposed)
                return;
            Begin();
            using SqliteCommand c = _connection.CreateCommand();
            c.CommandText = "INSERT OR REPLACE INTO camera_offsets (run, camera, since_ticks, offset_ticks) VALUES ($run, $cam, $since, $offset)";
            c.Parameters.AddWithValue("$run", Run);
            c.Parameters.AddWithValue("$cam", camera);
            c.Parameters.AddWithValue("$since", RecordingSchema.Ticks(since));
            c.Parameters.AddWithValue("$offset", RecordingSchema.Ticks(offset));
            c.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Keeps <paramref name="segments"/> from retention until the returned handle is disposed (a replay or export in
    /// progress); pins nest. The segments' files and rows are deleted at the first retention pass after the last pin goes.
    /// </summary>
    public IDisposable Pin(IReadOnlyCollection<long> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        lock (_lock)
        {
            foreach (long s in segments)
                _pins[s] = _pins.GetValueOrDefault(s) + 1;
        }
        return new PinHandle(this, [.. segments]);
    }

    /// <summary>Commits what is pending and closes the index.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            Commit();
            _insertFrame.Dispose();
            _insertSkeleton.Dispose();
            _insertBlur.Dispose();
            _begin.Dispose();
            _commit.Dispose();
            _connection.Dispose();
        }
    }

    private void Unpin(long[] segments)
    {
        lock (_lock)
        {
            foreach (long s in segments)
            {
                int left = _pins.GetValueOrDefault(s) - 1;
                if (left <= 0)
                    _pins.Remove(s);
                else
                    _pins[s] = left;
            }
            if (!_disposed)
                EnforceRetention();
        }
    }

    /// <summary>Deletes closed segments older than the retention window, then the oldest beyond the size limit; pinned ones stay.</summary>
    private void EnforceRetention()
    {
        var doomed = new List<(long Id, string File)>();
        long cutoff = DateTime.UtcNow.Ticks - _retention.Keep.Ticks;
        long total = 0;
        using (SqliteCommand c = _connection.CreateCommand())
        {
            c.CommandText = "SELECT id, file, bytes, closed_utc FROM segments WHERE closed_utc IS NOT NULL ORDER BY closed_utc DESC";
            using SqliteDataReader r = c.ExecuteReader();
            while (r.Read())
            {
                long id = r.GetInt64(0), bytes = r.GetInt64(2), closed = r.GetInt64(3);
                total += bytes;
                if ((closed < cutoff || total > _retention.MaxBytes) && !_pins.ContainsKey(id))
                    doomed.Add((id, r.GetString(1)));
            }
        }
        if (doomed.Count == 0)
            return;
        Begin();
        foreach ((long id, string file) in doomed)
        {
            string path = Path.Combine(Folder, file);
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _log.Warning("replay retention: cannot delete {Path:l}: {Error:l}; its index rows stay", path, ex.Message);
                continue;
            }
            using SqliteCommand d = _connection.CreateCommand();
            d.CommandText = "DELETE FROM frames WHERE segment = $id; DELETE FROM segments WHERE id = $id";
            d.Parameters.AddWithValue("$id", id);
            d.ExecuteNonQuery();
            SegmentsDeleted++;
        }
        Commit();
    }

    private void Begin()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_inTransaction)
            return;
        Step(_begin);
        _inTransaction = true;
        _lastCommit = Stopwatch.GetTimestamp();
    }

    private void Commit()
    {
        if (_inTransaction)
        {
            Step(_commit);
            _inTransaction = false;
        }
        _lastCommit = Stopwatch.GetTimestamp();
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v2(_connection.Handle, sql, out sqlite3_stmt statement));
        return statement;
    }

    /// <summary>Runs a prepared statement to its end and readies it for the next values.</summary>
    /// <exception cref="SqliteException">SQLite failed (a full disk, a locked or corrupt index: its message).</exception>
    private void Step(sqlite3_stmt statement)
    {
        int rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
    }

    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _connection.Handle);

    private void Execute(string sql)
    {
        using SqliteCommand c = _connection.CreateCommand();
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }

    private sealed class PinHandle(RecordingIndex index, long[] segments) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                index.Unpin(segments);
        }
    }
}
