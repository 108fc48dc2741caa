using Broadcast3D.Core.Frames;
using Broadcast3D.Ndi;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// The sending side of one live NDI output: sends each picture and watches how many receivers are connected, logging
/// every change with the output's counters, so that a picture that stops reaching a receiver can be told apart from an
/// output that stopped sending (issue #13). The connection count is read after each send (a lock-free query of the
/// runtime with no wait) and logged only when it changes: nothing is allocated per frame.
/// Thread-safety: <see cref="Send"/> and <see cref="Dispose"/> on the output's sink thread; the counters may be read
/// from any thread.
/// </summary>
internal sealed class NdiOutput : IDisposable
{
    private readonly NdiSender _sender;
    private readonly string _name;
    private readonly Func<(long Sent, long Dropped)> _counters;
    private readonly Serilog.ILogger _log;
    private int _connections, _maxConnections, _changes;

    /// <param name="sender">The output's sender, owned (disposed with this).</param>
    /// <param name="name">The output's name in logs ("ndi:B3D").</param>
    /// <param name="counters">The sink's pictures sent and dropped so far, put in each log line.</param>
    /// <param name="log">Where connection changes are logged.</param>
    public NdiOutput(NdiSender sender, string name, Func<(long Sent, long Dropped)> counters, Serilog.ILogger log)
    {
        _sender = sender;
        _name = name;
        _counters = counters;
        _log = log;
    }

    /// <summary>Receivers connected at the last send.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>
    /// The output's connection history for the run report: receivers now, the most at once and how many times the
    /// number changed.
    /// </summary>
    public string Describe() => $"{Connections} NDI receivers connected at the end (at most {Volatile.Read(ref _maxConnections)}, " +
                                $"{Volatile.Read(ref _changes)} changes)";

    /// <summary>Sends <paramref name="picture"/> (see <see cref="NdiSender.Send(Picture)"/>) and notes a change of receivers.</summary>
    public void Send(Picture picture)
    {
        try
        {
            _sender.Send(picture);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The sink stops this output on any exception; said here, when it happens, not only in the final report.
            _log.Error("{Output:l} stopped sending: {Message}", _name, ex.Message);
            throw;
        }
        int now = _sender.GetConnectionCount(TimeSpan.Zero);
        int before = _connections;
        if (now == before)
            return;
        Volatile.Write(ref _connections, now);
        Volatile.Write(ref _maxConnections, Math.Max(_maxConnections, now));
        Interlocked.Increment(ref _changes);
        (long sent, long dropped) = _counters();
        // sent counts this picture: the sink counts it once Send returns.
        _log.Information("{Output:l}: {Connections} NDI receivers connected (was {Before}), {Sent} pictures sent, {Dropped} dropped so far",
            _name, now, before, sent + 1, dropped);
    }

    /// <summary>Removes the source from the network (see <see cref="NdiSender.Dispose"/>).</summary>
    public void Dispose() => _sender.Dispose();
}
