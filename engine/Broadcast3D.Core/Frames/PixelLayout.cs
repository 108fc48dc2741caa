namespace Broadcast3D.Core.Frames;

/// <summary>
/// How the bytes of a picture are laid out. Names mean what they say: <see cref="Rgba8"/> is R, G, B, A in that byte
/// order; the YUV layouts are FFmpeg's of the same name (limited or full range, matrix in <see cref="YuvMatrix"/>).
/// </summary>
public enum PixelLayout
{
    /// <summary>8-bit R, G, B, A per pixel, one plane (FFmpeg <c>rgba</c>).</summary>
    Rgba8,

    /// <summary>8-bit Y plane, then Cb and Cr planes at half width and half height (FFmpeg <c>yuv420p</c>).</summary>
    Yuv420P,

    /// <summary>8-bit Y plane, then one interleaved CbCr plane at half width and half height (FFmpeg <c>nv12</c>).</summary>
    Nv12,

    /// <summary>As <see cref="Yuv420P"/> with 10-bit samples in the low bits of little-endian 16-bit words (FFmpeg <c>yuv420p10le</c>).</summary>
    Yuv420P10,

    /// <summary>8-bit 4:2:2 packed as Cb, Y0, Cr, Y1 per two pixels, one plane (FFmpeg <c>uyvy422</c>; NDI's UYVY).</summary>
    Uyvy,
}
