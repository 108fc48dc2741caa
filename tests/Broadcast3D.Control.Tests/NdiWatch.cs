using System.Diagnostics;
using Broadcast3D.Ndi;

namespace Broadcast3D.Control.Tests;

/// <summary>
/// What <see cref="ProgrammeWatch"/> and <see cref="StampWatch"/> share: a thread that captures one NDI output through
/// a following receiver and hands each frame to <see cref="Take"/>, capture errors counted rather than thrown (an
/// exception escaping a plain thread would end the test host), and both sides for a failed wait's message.
/// Disposing stops the thread, then the receiver.
/// </summary>
internal abstract class NdiWatch : IDisposable
{
    private readonly NdiFollowingReceiver _receiver;
    private readonly Func<string> _senderLog;
    private readonly Thread _thread;
    private volatile bool _stop;
    private int _errors;
    private string? _lastError;

    /// <param name="receiver">The output's NDI receiver (disposed with the watch).</param>
    /// <param name="senderLog">What the sending b3d has logged so far (put in a failed wait's message).</param>
    /// <param name="threadName">The capture thread's name.</param>
    protected NdiWatch(NdiFollowingReceiver receiver, Func<string> senderLog, string threadName)
    {
        _receiver = receiver;
        _senderLog = senderLog;
        _thread = new Thread(Receive) { IsBackground = true, Name = threadName };
    }

    public void Dispose()
    {
        _stop = true;
        if (_thread.IsAlive)
            _thread.Join();
        _receiver.Dispose();
    }

    /// <summary>Starts capturing; the derived constructor calls it last, once its own fields are set.</summary>
    protected void Start() => _thread.Start();

    /// <summary>One captured frame (valid during the call), arrived at <paramref name="arrived"/> (<see cref="Stopwatch"/> ticks); capture thread.</summary>
    protected abstract void Take(NdiReceivedVideoFrame frame, long arrived);

    /// <summary>
    /// <paramref name="kept"/> (what this watch kept) with the receiver's own counters and reconnections, the capture
    /// errors, and the sender's log (its NDI outputs log each change in their receivers with what they sent), so a
    /// stalled output and a lost connection read apart.
    /// </summary>
    protected string BothSides(string kept)
    {
        string errors = Volatile.Read(ref _errors) == 0 ? "no capture errors" : $"{_errors} capture errors (last: {Volatile.Read(ref _lastError)})";
        return $"{kept}; {_receiver.Describe()}; {errors}; b3d said:\n{_senderLog()}";
    }

    private void Receive()
    {
        while (!_stop)
        {
            NdiReceivedVideoFrame? frame;
            try
            {
                if (!_receiver.TryCaptureVideo(TimeSpan.FromMilliseconds(200), out frame))
                    continue;
            }
            catch (NdiException ex)
            {
                // A frame this watch cannot read (the following receiver handles a lost connection itself).
                Interlocked.Increment(ref _errors);
                Volatile.Write(ref _lastError, ex.Message);
                continue;
            }
            long arrived = Stopwatch.GetTimestamp();
            using (frame)
                Take(frame, arrived);
        }
    }
}
