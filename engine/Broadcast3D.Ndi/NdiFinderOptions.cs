namespace Broadcast3D.Ndi;

/// <summary>Settings of an <see cref="NdiFinder"/>.</summary>
public sealed record NdiFinderOptions
{
    /// <summary>Whether sources running on this machine are listed (needed for a loopback or a local monitor).</summary>
    public bool ShowLocalSources { get; init; } = true;

    /// <summary>
    /// Extra addresses to ask directly, comma separated (e.g. "127.0.0.1" or "192.168.1.20,192.168.1.21"). This finds
    /// sources without mDNS, so it works with no avahi daemon and across subnets.
    /// </summary>
    public string? ExtraIps { get; init; }

    /// <summary>NDI groups to search (comma separated); null means the runtime's default group.</summary>
    public string? Groups { get; init; }
}
