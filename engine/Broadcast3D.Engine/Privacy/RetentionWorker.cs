using Serilog;

namespace Broadcast3D.Engine.Privacy;

/// <summary>
/// Retention while <c>b3d run</c> runs: a sweep at start and then every <see cref="Interval"/> on a timer thread
/// (never the channel's), deletions logged to the audit log as by <c>b3d retention --apply</c>. A sweep that fails
/// is logged and retried at the next interval: retention must never stop the programme. Dispose stops the timer and
/// waits for a sweep in progress.
/// </summary>
public sealed class RetentionWorker : IDisposable
{
    /// <summary>Time between sweeps: retention is counted in days, an hour late is within its resolution.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private readonly RetentionPlan _plan;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private bool _disposed;

    private RetentionWorker(RetentionPlan plan, TimeProvider time, ILogger log)
    {
        _plan = plan;
        _audit = new AuditLog(plan.AuditLogPath, time);
        _time = time;
        _log = log;
        _timer = time.CreateTimer(_ => Sweep(), null, TimeSpan.Zero, Interval);
    }

    /// <summary>Files deleted so far.</summary>
    public int Deleted { get; private set; }

    /// <summary>Starts sweeping by <paramref name="plan"/>; null when there is no plan (nothing to delete).</summary>
    public static RetentionWorker? Start(RetentionPlan? plan, TimeProvider? time = null, ILogger? log = null) =>
        plan is null ? null : new RetentionWorker(plan, time ?? TimeProvider.System, log ?? Log.Logger);

    private void Sweep()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            try
            {
                IReadOnlyList<ExpiredFile> expired = _plan.Expired(_time.GetUtcNow());
                int deleted = RetentionSweep.Apply(expired, _audit, "b3d run", _log);
                Deleted += deleted;
                if (deleted > 0)
                    _log.Information("retention: deleted {Count} file(s) older than {Days} days (listed in {Audit:l})", deleted, _plan.Keep.TotalDays, _audit.Path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _log.Warning("retention: sweep failed ({Reason}); retrying in {Interval}", ex.Message, Interval);
            }
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_lock)
            _disposed = true;
    }
}
