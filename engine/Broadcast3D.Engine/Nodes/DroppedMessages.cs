namespace Broadcast3D.Engine.Nodes;

/// <summary>
/// Messages a node refused (malformed, another version, an unknown camera, a layout it does not take): each counted
/// and logged with its subject and the reason, then dropped; a bad message never stops a node. The first
/// <see cref="LoggedPerSubject"/> refusals of a subject are logged one by one, then one line per hundred, so a
/// misconfigured publisher cannot flood the log. Thread-safe.
/// </summary>
public sealed class DroppedMessages
{
    /// <summary>Refusals of one subject logged line by line before the log thins out.</summary>
    public const int LoggedPerSubject = 10;

    private readonly Serilog.ILogger _log;
    private readonly Dictionary<string, long> _bySubject = new(StringComparer.Ordinal);
    private long _total;

    /// <summary>Logs to <paramref name="log"/> (null: the process logger).</summary>
    public DroppedMessages(Serilog.ILogger? log = null) => _log = log ?? Serilog.Log.Logger;

    /// <summary>Messages dropped so far.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Messages of <paramref name="subject"/> dropped so far.</summary>
    public long Of(string subject)
    {
        lock (_bySubject)
            return _bySubject.GetValueOrDefault(subject);
    }

    /// <summary>Counts one dropped message of <paramref name="subject"/> and logs why.</summary>
    public void Drop(string subject, string reason)
    {
        long n;
        lock (_bySubject)
            _bySubject[subject] = n = _bySubject.GetValueOrDefault(subject) + 1;
        Interlocked.Increment(ref _total);
        if (n <= LoggedPerSubject || n % 100 == 0)
            _log.Warning("dropped a message on {Subject:l} ({Count} so far on it): {Reason:l}", subject, n, reason);
    }
}
