namespace Broadcast3D.Ndi.Interop;

/// <summary>Enumeration values and sentinels from the SDK headers that the wrappers use.</summary>
internal static class NdiConstants
{
    public const int FrameTypeVideo = 1;
    public const int FrameTypeError = 4;

    public const int FrameFormatProgressive = 1;

    public const int RecvBandwidthHighest = 100;

    /// <summary><c>NDIlib_recv_timestamp_undefined</c>.</summary>
    public const long TimestampUndefined = long.MaxValue;

    public static uint FourCC(char c0, char c1, char c2, char c3) => c0 | ((uint)c1 << 8) | ((uint)c2 << 16) | ((uint)c3 << 24);
}
