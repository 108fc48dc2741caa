namespace Broadcast3D.Engine.Nodes;

/// <summary>Where the bus is and how long its streams keep messages. Immutable.</summary>
public sealed record BusOptions
{
    /// <summary>Server URL, <c>nats://HOST:PORT</c>.</summary>
    public required string Url { get; init; }

    /// <summary>How long the 3D history is kept (JetStream max age of <see cref="NodeWire.Stream3D"/>); zero keeps it until removed.</summary>
    public TimeSpan Retention3D { get; init; } = TimeSpan.FromDays(1);

    /// <summary>How long the 2D is kept: the window in which a restarted fusion node can resume.</summary>
    public TimeSpan Retention2D { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the server remembers message ids: a frame re-sent within it is stored once.</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a publish keeps trying through an outage before the node fails.</summary>
    public TimeSpan OutageTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the field when a value cannot be used.
    /// </summary>
    public void Validate()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out Uri? uri) || uri.Scheme != "nats" || uri.Port <= 0)
            throw new ArgumentException($"--bus '{Url}': give the server as nats://HOST:PORT");
        if (Retention3D < TimeSpan.Zero || Retention2D < TimeSpan.Zero)
            throw new ArgumentException("bus retention: give a duration of zero (keep) or more");
        if (OutageTimeout <= TimeSpan.Zero)
            throw new ArgumentException("bus outage timeout: give a positive duration");
        if (DuplicateWindow <= TimeSpan.Zero)
            throw new ArgumentException("bus duplicate window: give a positive duration");
        if (Retention2D > TimeSpan.Zero && DuplicateWindow > Retention2D)
            throw new ArgumentException("bus duplicate window: it cannot be longer than the 2D retention");
    }
}
