namespace Broadcast3D.Ndi;

/// <summary>The pixel formats an <see cref="NdiReceiver"/> asks the runtime to decode into.</summary>
public enum NdiReceiveColorFormat
{
    /// <summary>BGRX for opaque sources, BGRA for sources with alpha.</summary>
    BgrxBgra = 0,

    /// <summary>UYVY for opaque sources, BGRA for sources with alpha.</summary>
    UyvyBgra = 1,

    /// <summary>The runtime's cheapest format: UYVY for opaque sources, UYVA for sources with alpha.</summary>
    Fastest = 100,
}
