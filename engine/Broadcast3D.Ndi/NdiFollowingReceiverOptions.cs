namespace Broadcast3D.Ndi;

/// <summary>Settings of an <see cref="NdiFollowingReceiver"/>.</summary>
public sealed record NdiFollowingReceiverOptions
{
    /// <summary>How the source is found, first and after a lost connection (default: local sources and 127.0.0.1).</summary>
    public NdiFinderOptions Finder { get; init; } = new() { ShowLocalSources = true, ExtraIps = "127.0.0.1" };

    /// <summary>The receivers made.</summary>
    public NdiReceiverOptions Receiver { get; init; } = new();

    /// <summary>How long to wait for the source by name, first and on each reconnection (default 60 s: a loaded machine).</summary>
    public TimeSpan FindTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long without the connection, or without a frame once frames have come, before a new receiver is made
    /// (default 2 s: 120 frames at 60 fps, far beyond a scheduling hiccup, short enough for a test's wait).
    /// </summary>
    public TimeSpan Silence { get; init; } = TimeSpan.FromSeconds(2);
}
