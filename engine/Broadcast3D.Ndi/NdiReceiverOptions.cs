namespace Broadcast3D.Ndi;

/// <summary>Settings of an <see cref="NdiReceiver"/>.</summary>
public sealed record NdiReceiverOptions
{
    /// <summary>Format frames are delivered in.</summary>
    public NdiReceiveColorFormat ColorFormat { get; init; } = NdiReceiveColorFormat.BgrxBgra;

    /// <summary>The name this receiver shows to senders (in their connection list); null lets the runtime choose.</summary>
    public string? Name { get; init; }
}
