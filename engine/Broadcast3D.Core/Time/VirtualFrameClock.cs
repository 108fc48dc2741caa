namespace Broadcast3D.Core.Time;

/// <summary>Offline clock: every frame is due immediately, so processing runs as fast as the slowest stage.</summary>
public sealed class VirtualFrameClock(FrameRate rate) : IFrameClock
{
    public FrameRate Rate { get; } = rate;

    /// <summary>Nothing to start: virtual time is the frame index.</summary>
    public void Start()
    {
    }

    public double WaitForFrame(long frameIndex, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return 0;
    }
}
