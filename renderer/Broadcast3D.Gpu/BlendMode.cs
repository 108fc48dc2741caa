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
}
