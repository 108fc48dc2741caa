using System.Collections.Concurrent;
using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Channels;

/// <summary>
/// The channel loop (after CasparCG's video_channel): one thread ticks at the clock's rate; each tick first
/// applies the control commands posted since the last tick, then runs the tick handler (produce → mix →
/// consume). The handler must never wait on cameras, inference or disk: producers hand over their latest state
/// (repeat + count when late) and sinks own bounded queues. Scene state is therefore touched by one thread.
/// </summary>
public sealed class FrameChannel
{
    private readonly IFrameClock _clock;
    private readonly Action<ChannelTick> _onTick;
    private readonly ConcurrentQueue<Action> _commands = new();

    /// <summary>Creates a channel; nothing runs until <see cref="Run"/>.</summary>
    /// <param name="name">Channel name for logs and the control API.</param>
    /// <param name="clock">Live (<see cref="RealtimeFrameClock"/>) or offline (<see cref="VirtualFrameClock"/>).</param>
    /// <param name="onTick">Work of one frame; runs on the channel thread.</param>
    public FrameChannel(string name, IFrameClock clock, Action<ChannelTick> onTick)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(onTick);
        Name = name;
        _clock = clock;
        _onTick = onTick;
    }

    public string Name { get; }

    public FrameRate Rate => _clock.Rate;

    /// <summary>Counters and per-stage latency; safe to read from any thread.</summary>
    public ChannelStats Stats { get; } = new();

    /// <summary>Queues <paramref name="command"/> to run on the channel thread before the next frame. Thread-safe.</summary>
    public void Post(Action command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _commands.Enqueue(command);
    }

    /// <summary>
    /// Starts the clock and runs ticks on the calling thread until <paramref name="ticks"/> ticks of programme time
    /// have passed (null: until cancelled); call it once everything the handler needs is ready, so start-up never
    /// shows as late frames. A live channel keeps wall-clock cadence: when a tick starts a whole frame period or
    /// more after its deadline, the ticks it missed are skipped (counted in <see cref="ChannelStats.DroppedTicks"/>)
    /// and the channel goes on at the tick that is due now, so frame indices (the outputs' timestamps) stay on the
    /// real clock and the latency stays bounded. Frames output + ticks dropped = ticks elapsed. Cancellation ends
    /// the loop between frames without throwing, so sinks can finalise. Returns the number of frames output. An
    /// exception from the tick handler propagates after the frames before it were completed.
    /// </summary>
    public long Run(long? ticks, CancellationToken cancellationToken)
    {
        long n = 0;
        long output = 0;
        double framePeriod = Rate.FrameDuration.ToDouble();
        _clock.Start();
        while (ticks is null || n < ticks)
        {
            double late;
            try
            {
                late = _clock.WaitForFrame(n, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (late >= framePeriod)
            {
                // Behind by whole frames: the ticks whose time has passed are dropped, not run late one after the
                // other (which would put the programme ever further behind the cameras and the wall clock).
                long behind = (long)Math.Floor(late / framePeriod);
                if (ticks is { } limit && n + behind >= limit)
                {
                    Stats.CountBehind(n, limit - n);
                    n = limit;
                    break;
                }
                Stats.CountBehind(n, behind);
                n += behind;
                late -= behind * framePeriod;
            }
            while (_commands.TryDequeue(out Action? command))
            {
                command();
                Stats.CountCommand();
            }
            _onTick(new ChannelTick(n, Rate.TimeOfFrame(n), late));
            Stats.CountTick();
            n++;
            output++;
        }
        return output;
    }
}
