namespace Broadcast3D.Core.Time;

/// <summary>
/// Paces a channel: frame n is due at exactly <c>n / Rate</c> seconds after the clock's start. Live clocks wait
/// for the deadline; the virtual clock (offline mode) never waits, so every frame is processed in order and
/// output is deterministic. One thread (the channel thread) calls <see cref="Start"/> and <see cref="WaitForFrame"/>.
/// </summary>
public interface IFrameClock
{
    /// <summary>The channel's frame rate.</summary>
    FrameRate Rate { get; }

    /// <summary>Starts the clock: frame 0 is due now. Called once, when the channel begins to run.</summary>
    void Start();

    /// <summary>
    /// Returns when frame <paramref name="frameIndex"/> is due. The result is how late the return is relative to
    /// the deadline in seconds (0 for a virtual clock; positive when the caller arrived after the deadline).
    /// Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires, also when
    /// the frame is already past due.
    /// </summary>
    double WaitForFrame(long frameIndex, CancellationToken cancellationToken);
}
