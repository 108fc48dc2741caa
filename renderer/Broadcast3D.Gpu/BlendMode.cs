namespace Broadcast3D.Gpu;

/// <summary>How a draw combines with the render target.</summary>
public enum BlendMode
{
    /// <summary>Overwrite.</summary>
    Opaque,
    /// <summary>
    /// Porter-Duff "over" for premultiplied colour: dst = src + (1 − src.a)·dst on colour and alpha alike, so the
    /// target's alpha is the key of everything drawn. Every pass of the compositor outputs premultiplied colour.
    /// </summary>
    PremultipliedOver,
    /// <summary>
    /// dst = max(src, dst) per channel: overlapping draws keep the strongest value rather than adding up (e.g. soft
    /// shadows into a mask, where two bodies' shadows over one texel are as dark as the darker).
    /// </summary>
    Max,
}
