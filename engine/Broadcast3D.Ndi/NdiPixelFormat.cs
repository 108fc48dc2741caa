namespace Broadcast3D.Ndi;

/// <summary>
/// Pixel layouts we exchange with NDI, all 8 bits per sample and tightly packed rows (see <see cref="NdiVideoLayout"/>).
/// </summary>
public enum NdiPixelFormat
{
    /// <summary>4 bytes per pixel in memory order B, G, R, A; straight (not premultiplied) alpha, 255 = opaque.</summary>
    Bgra,

    /// <summary>As <see cref="Bgra"/> with the fourth byte ignored (opaque).</summary>
    Bgrx,

    /// <summary>
    /// 4:2:2 Y′CbCr, BT.709 studio range for HD: 2 bytes per pixel in the order U0 Y0 V0 Y1 for each pair of
    /// pixels. Width must be even.
    /// </summary>
    Uyvy,

    /// <summary>
    /// <see cref="Uyvy"/> followed, after the last UYVY row, by a full-resolution alpha plane of one byte per pixel
    /// (rows of <c>width</c> bytes; 0 transparent, 255 opaque). This is the fill+key layout for keyers.
    /// </summary>
    Uyva,

    /// <summary>
    /// 4 bytes per pixel in memory order R, G, B, A; straight alpha, 255 = opaque: the compositor's read-back picture
    /// as it is, so a programme goes out without a channel swap.
    /// </summary>
    Rgba,

    /// <summary>As <see cref="Rgba"/> with the fourth byte ignored (opaque).</summary>
    Rgbx,
}
