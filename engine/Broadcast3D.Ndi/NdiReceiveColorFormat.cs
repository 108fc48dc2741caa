namespace Broadcast3D.Ndi;

/// <summary>
/// The pixel formats an <see cref="NdiReceiver"/> asks the runtime to decode into. The wire carries BT.709
/// Y′CbCr (checked to 1 code), but the NDI 5.5.2 runtime's decode to BGRA is not exact BT.709: measured, a flat
/// (R, G, B) = (0, 200, 0) comes back with G 223 and (0, 0, 200) with B 188. Where colour matters (monitoring,
/// measurements) receive <see cref="Fastest"/> and convert ourselves.
/// </summary>
public enum NdiReceiveColorFormat
{
    /// <summary>BGRX for opaque sources, BGRA for sources with alpha.</summary>
    BgrxBgra = 0,

    /// <summary>UYVY for opaque sources, BGRA for sources with alpha.</summary>
    UyvyBgra = 1,

    /// <summary>The runtime's cheapest format: UYVY for opaque sources, UYVA for sources with alpha.</summary>
    Fastest = 100,
}
