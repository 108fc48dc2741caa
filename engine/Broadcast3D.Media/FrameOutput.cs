namespace Broadcast3D.Media;

/// <summary>The pixel layout a <see cref="Decoder"/> delivers frames in.</summary>
public enum FrameOutput
{
    /// <summary>The codec's own format (yuv420p, nv12, yuv422p10le, ...), zero-copy from the decoder's buffer pool.</summary>
    Native,
    /// <summary>8-bit R,G,B,A per pixel, converted with libswscale (alpha 255 unless the source has alpha).</summary>
    Rgba,
    /// <summary>8-bit B,G,R,A per pixel, converted with libswscale.</summary>
    Bgra,
}
