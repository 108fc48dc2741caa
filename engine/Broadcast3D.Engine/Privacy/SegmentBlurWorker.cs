using System.Globalization;
using Broadcast3D.Core.Threading;
using Broadcast3D.Engine.Replay;

namespace Broadcast3D.Engine.Privacy;

/// <summary>
/// Runs a <see cref="SegmentBlurPass"/> on a thread of its own at the lowest scheduling priority (nice 19, inherited by
/// its decoder, encoder and Mesa's rasteriser threads) while <c>b3d run</c> records, so the recording threads' copy
/// mode, the cameras and the channel keep their cadence: it takes only CPU nobody else wants, one segment at a time.
/// It looks for due segments every <see cref="Poll"/>; earlier runs' leftovers (a crash or a stop before their pass)
/// are due at once. <see cref="Finish"/>, once the recorders have closed their last segments, blurs what is left of
/// this run within a time budget; what does not fit is left for the next start (and is still blurred on the way out
/// by the replay and exports). Thread-safety: <see cref="Finish"/> and the counters from any one thread.
/// </summary>
public sealed class SegmentBlurWorker : IDisposable
{
    /// <summary>How often the worker looks for segments that became due.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private readonly RecordingIndex _index;
    private readonly Serilog.ILogger _log;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly ManualResetEventSlim _runOver = new();
    private SegmentBlurPass? _pass;
    private volatile string _summary = "record blur: not started";
    private long _left = -1;

    /// <summary>Starts the worker on <paramref name="index"/>'s folder.</summary>
    public SegmentBlurWorker(RecordingIndex index, Serilog.ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        _index = index;
        _log = log ?? Serilog.Log.Logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "record blur" };
        _thread.Start();
    }

    /// <summary>
    /// Tells the worker the run records no more (the recorders are closed), lets it blur what is left within
    /// <paramref name="budget"/>, then stops it (a rewrite in progress is abandoned, its original kept); returns
    /// the report line.
    /// </summary>
    public string Finish(TimeSpan budget)
    {
        _runOver.Set();
        if (!_thread.Join(budget))
        {
            _stop.Cancel();
            _thread.Join();
        }
        return _summary;
    }

    public void Dispose()
    {
        _runOver.Set();
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
        _runOver.Dispose();
    }

    private void Run()
    {
        if (!BackgroundPriority.TryLowerCurrentThread(BackgroundPriority.Lowest, out int errno))
            _log.Warning("record blur: could not lower its thread's priority (errno {Errno}); it runs at normal priority", errno);
        CancellationToken stop = _stop.Token;
        try
        {
            _pass = new SegmentBlurPass(_index, _log);
            while (!stop.IsCancellationRequested)
            {
                bool over = _runOver.IsSet;
                if (_pass.BlurNext(over, stop))
                {
                    Summarise(over);
                    continue;
                }
                if (over)
                {
                    _left = 0;
                    break;
                }
                WaitHandle.WaitAny([stop.WaitHandle, _runOver.WaitHandle], Poll);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with segments left: the next start blurs them.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A background privacy thread must never take b3d run down: whatever stops it is logged, the run goes on.
            _log.Warning("record blur stopped: {Error:l}; segments not yet blurred stay as recorded until the next start (replays and exports blur them on the way out)", ex.Message);
        }
        finally
        {
            Summarise(_runOver.IsSet);
            _pass?.Dispose();
        }
    }

    private void Summarise(bool over)
    {
        if (_pass is not { } p)
            return;
        string perSecond = p.CameraSeconds > 0
            ? string.Create(CultureInfo.InvariantCulture, $", {p.RewriteSeconds / p.CameraSeconds:0.00} s per camera-second")
            : "";
        string left = _left == 0 ? "nothing left" : over ? "the rest at the next start" : "running";
        _summary = string.Create(CultureInfo.InvariantCulture,
            $"record blur: {p.SegmentsRewritten} segments rewritten blurred on disk ({p.PicturesBlurred} pictures, {p.CameraSeconds:0.0} camera-s in {p.RewriteSeconds:0.0} s{perSecond}), " +
            $"{p.SegmentsUntouched} with nobody to blur, {p.Failures} failed; {left}");
    }
}
