using System.Diagnostics;
using System.Numerics;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Rendering;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Gpu;
using Broadcast3D.Media;
using Broadcast3D.Renderer;

namespace Broadcast3D.Engine.Privacy;

/// <summary>
/// Blurs recorded segment files on disk (issue #21: recordings keep the original pictures only with
/// <c>record.keepUnblurred</c>). A closed segment of a run recorded with a blur mode other than <c>none</c> and
/// without <c>keepUnblurred</c> is decoded, each picture blurred by the regions recorded beside it
/// (<see cref="RecordedBlurRegions"/>, exactly as the replay channel and exports blur it: the GPU plate with the
/// regions of its frame set, or the union of the two sets around it within <see cref="RecordedBlurRegions.Reach"/>),
/// encoded again as H.264 (CRF 20) with the same timestamps (so the index's rows of its pictures stay valid) into
/// <c>FILE.blurring</c> beside it, flushed to the disk and renamed over the original (atomic: a crash leaves the
/// original or the blurred file, never neither), then marked in the index (<c>blurred_segments</c>). A segment none
/// of whose pictures has a region is marked without being rewritten. Pictures the index does not know (written after
/// its last commit before a crash) cannot be placed in time, are never replayed and are left out of the rewrite.
/// <para>When: a segment of the run being recorded once its camera's regions are recorded up to the segment's end
/// plus <see cref="RecordedBlurRegions.Reach"/> (tracking has covered every picture of it); a segment of an earlier
/// run (a crash or stop before the pass reached it) at once, and the run being recorded's last ones when it is
/// over (<c>thisRunOver</c>).</para>
/// <para>Device thread: the caller's (the GPU device is made on the first segment that needs a rewrite). Not
/// thread-safe. Pins each segment in the live index while it works, so retention keeps it.</para>
/// </summary>
public sealed class SegmentBlurPass : IDisposable
{
    /// <summary>Suffix of a rewrite in progress; a leftover (a crash during a rewrite) is deleted by the next pass.</summary>
    public const string TemporarySuffix = ".blurring";

    private readonly RecordingIndex _index;
    private readonly RecordingCatalog _catalog;
    private readonly Serilog.ILogger _log;
    private readonly HashSet<long> _finishedRuns = [];
    private readonly HashSet<long> _failed = [];
    private GpuDevice? _device;
    private PlateSlot? _plate;
    private Compositor? _compositor;
    private byte[] _rgba = [];
    private bool _leftoversDeleted;

    /// <summary>Works on the recording <paramref name="index"/> writes (every run in its folder).</summary>
    /// <param name="index">The live index: marks go through it, its retention is kept off the segment in work.</param>
    /// <param name="log">Rewrites, and segments that could not be rewritten.</param>
    /// <exception cref="ReplayException">The index cannot be read (names the folder).</exception>
    public SegmentBlurPass(RecordingIndex index, Serilog.ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        _index = index;
        _log = log ?? Serilog.Log.Logger;
        _catalog = RecordingCatalog.Open(index.Folder);
    }

    /// <summary>Segments rewritten blurred.</summary>
    public long SegmentsRewritten { get; private set; }

    /// <summary>Segments marked without a rewrite (no picture had a region).</summary>
    public long SegmentsUntouched { get; private set; }

    /// <summary>Pictures blurred on disk.</summary>
    public long PicturesBlurred { get; private set; }

    /// <summary>Camera time rewritten (the rewritten segments' pictures at their capture times), seconds.</summary>
    public double CameraSeconds { get; private set; }

    /// <summary>Wall time spent rewriting, seconds.</summary>
    public double RewriteSeconds { get; private set; }

    /// <summary>Segments that could not be rewritten (each logged; their file stays as recorded and the replay still blurs it on the way out).</summary>
    public long Failures { get; private set; }

    /// <summary>
    /// Blurs the next segment due, if any; returns whether one was handled (rewritten, marked or failed), so a
    /// caller loops until false.
    /// </summary>
    /// <param name="thisRunOver">The index's own run records no more: its closed segments are due without waiting for tracking.</param>
    /// <param name="cancellation">Stops a rewrite between pictures (its temporary file is deleted, the original kept).</param>
    public bool BlurNext(bool thisRunOver, CancellationToken cancellation = default)
    {
        if (!_leftoversDeleted)
        {
            DeleteLeftovers();
            _leftoversDeleted = true;
        }
        // The tracking thread's last regions may wait in the index's open transaction: read past them and a segment
        // would look as if nobody in it needed blurring.
        _index.Flush();
        foreach (RecordedRun run in _catalog.Runs())
        {
            if (_finishedRuns.Contains(run.Id))
                continue;
            bool live = run.Id == _index.Run && !thisRunOver;
            if (_catalog.Privacy(run) is not { KeepUnblurred: false } privacy || privacy.Blur == BlurMode.None)
            {
                // Kept unblurred, recorded with no blur, or before regions were recorded: its files stay as they are.
                if (!live)
                    _finishedRuns.Add(run.Id);
                continue;
            }
            IReadOnlyDictionary<long, int> blurred = _catalog.BlurredSegments(run);
            bool pending = false;
            foreach (CameraRecording camera in _catalog.Cameras(run))
            {
                Rational? covered = live ? _catalog.BlurRegionsUntil(run, camera.Camera) : null;
                foreach (RecordedSegment segment in _catalog.Segments(run, camera.Camera, null, null))
                {
                    if (blurred.ContainsKey(segment.Id) || _failed.Contains(segment.Id))
                        continue;
                    pending = true;
                    if (live && !Due(run, segment, covered))
                        continue;
                    Blur(run, segment, cancellation);
                    return true;
                }
            }
            if (!pending && !live && run.Id != _index.Run)
                _finishedRuns.Add(run.Id);
        }
        return false;
    }

    public void Dispose()
    {
        _compositor?.Dispose();
        _plate?.Dispose();
        _device?.Dispose();
        _catalog.Dispose();
    }

    // A live segment is due when closed and tracking's regions reach past its end by the reach of a set.
    private bool Due(RecordedRun run, RecordedSegment segment, Rational? covered)
    {
        if (segment.End is not { } end || covered is not { } until)
            return false;
        Rational endCommon = end + _catalog.OffsetAt(run, segment.Camera, end);
        return until >= endCommon + RecordedBlurRegions.Reach;
    }

    private void Blur(RecordedRun run, RecordedSegment segment, CancellationToken cancellation)
    {
        using IDisposable pin = _index.Pin([segment.Id]);
        if (!File.Exists(segment.Path))
        {
            // Deleted by retention (or by hand) since it was listed: nothing left to protect.
            _failed.Add(segment.Id);
            return;
        }
        IReadOnlyList<IndexedFrame> frames = _catalog.Frames(segment.Id);
        Rational offset = _catalog.OffsetAt(run, segment.Camera, segment.Start);
        Rational last = frames.Count == 0 ? segment.Start : frames.Max(f => f.Capture);
        var regions = new RecordedBlurRegions(_catalog, run, segment.Camera, segment.Start + offset, last + offset);
        int withRegions = frames.Count(f => !regions.At(f.Capture + offset).IsEmpty);
        if (withRegions == 0)
        {
            _index.SegmentBlurred(segment.Id, new FileInfo(segment.Path).Length, 0);
            SegmentsUntouched++;
            return;
        }
        string temporary = segment.Path + TemporarySuffix;
        long started = Stopwatch.GetTimestamp();
        try
        {
            int written = Rewrite(segment, frames, regions, offset, temporary, cancellation);
            if (written < frames.Count)
            {
                throw new MediaException($"{frames.Count - written} of its {frames.Count} indexed pictures did not decode; the file is kept as recorded " +
                                         "(the replay and exports still blur it on the way out)");
            }
            // On the disk before the rename: a crash after it must find the blurred pictures, not an empty file.
            using (var flush = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite))
                flush.Flush(flushToDisk: true);
            // The recording's age, not the rewrite's: retention by file age (privacy.retention) counts from the recording.
            File.SetLastWriteTimeUtc(temporary, File.GetLastWriteTimeUtc(segment.Path));
            File.Move(temporary, segment.Path, overwrite: true);
            _index.SegmentBlurred(segment.Id, new FileInfo(segment.Path).Length, withRegions);
            SegmentsRewritten++;
            PicturesBlurred += withRegions;
            CameraSeconds += (segment.End ?? last + run.FrameRate.FrameDuration).ToDouble() - segment.Start.ToDouble();
            RewriteSeconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
            _log.Debug("blurred on disk: {Path:l} ({Pictures} of {Frames} pictures with regions)", segment.Path, withRegions, frames.Count);
        }
        catch (OperationCanceledException)
        {
            TryDelete(temporary);
            throw;
        }
        catch (Exception ex) when (ex is MediaException or IOException or UnauthorizedAccessException or GpuException)
        {
            TryDelete(temporary);
            _failed.Add(segment.Id);
            Failures++;
            _log.Warning("recording {Path:l} could not be blurred on disk: {Error:l}", segment.Path, ex.Message);
        }
    }

    // Decodes the segment, blurs each indexed picture by its regions on the GPU plate and encodes it with its own
    // timestamp; returns the pictures written.
    private int Rewrite(RecordedSegment segment, IReadOnlyList<IndexedFrame> frames, RecordedBlurRegions regions, Rational offset, string temporary,
        CancellationToken cancellation)
    {
        var byPts = new Dictionary<long, Rational>(frames.Count);
        foreach (IndexedFrame f in frames)
            byPts[f.Pts] = f.Capture;
        long firstIndexed = frames.Count > 0 ? frames[0].Pts : 0;
        using Decoder decoder = Decoder.Open(segment.Path, new DecoderOptions { Output = FrameOutput.Native, Hardware = HardwareDecode.Software, Threads = 1, PoolSize = 2 });
        Encoder? encoder = null;
        try
        {
            int written = 0;
            long shift = 0;
            bool first = true;
            while (decoder.TryRead(out VideoFrame? frame))
            {
                using (frame)
                {
                    cancellation.ThrowIfCancellationRequested();
                    // The muxer may have shifted the file's timestamps (a B-frame delay): the first picture in
                    // presentation order is the first indexed one, as ReplaySource reads it.
                    if (first)
                        shift = frame.Pts - firstIndexed;
                    first = false;
                    if (!byPts.TryGetValue(frame.Pts - shift, out Rational capture))
                        continue;
                    encoder ??= OpenEncoder(temporary, frame.Width, frame.Height, frames.Count);
                    Draw(frame, capture, regions.At(capture + offset));
                    // Stamped with the indexed pts (1/90000 s): the index's rows of these pictures hold for the new file.
                    encoder.WriteFrame(_rgba, frame.Width * 4, frame.Pts - shift);
                    written++;
                }
            }
            encoder?.Finish();
            return written;
        }
        finally
        {
            encoder?.Dispose();
        }
    }

    private static Encoder OpenEncoder(string path, int width, int height, int frames) => Encoder.Create(path, new EncoderOptions
    {
        Width = width, Height = height, Container = "mpegts",
        // Timestamps in the MPEG-TS unit, so each picture keeps its pts exactly; the rate only sizes the encoder's defaults.
        FrameRate = FrameRate.Fps25, TimeBase = new Rational(1, 90_000),
        // One key frame, at the start: the segment decodes on its own, as recorded.
        KeyFrameInterval = Math.Max(1, frames), Threads = 1,
    });

    private void Draw(VideoFrame frame, Rational capture, ReadOnlySpan<Vector4> blur)
    {
        _device ??= GpuDevice.Create();
        _plate ??= new PlateSlot();
        if (_compositor is null || _compositor.Width != frame.Width || _compositor.Height != frame.Height)
        {
            _compositor?.Dispose();
            _compositor = new Compositor(_device, new CompositorDescription(frame.Width, frame.Height));
            _rgba = new byte[frame.Width * frame.Height * 4];
        }
        _plate.Upload(_device, frame, capture, 0);
        _compositor.BeginFrame(new Vector4(0, 0, 0, 1));
        _plate.Draw(_compositor, blur);
        _compositor.ReadRgba(_rgba);
    }

    // A rewrite cut by a crash: the original beside it is intact.
    private void DeleteLeftovers()
    {
        foreach (string file in Directory.EnumerateFiles(_catalog.Folder, "*" + TemporarySuffix, SearchOption.AllDirectories))
            TryDelete(file);
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Warning("cannot delete the unfinished rewrite {Path:l}: {Error:l}", path, ex.Message);
        }
    }
}
