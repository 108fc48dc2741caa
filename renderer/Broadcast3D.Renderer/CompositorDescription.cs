namespace Broadcast3D.Renderer;

/// <summary>Creation parameters of a <see cref="Compositor"/>: output size and the fixed pool sizes.</summary>
/// <param name="Width">Output width in pixels.</param>
/// <param name="Height">Output height in pixels.</param>
public readonly record struct CompositorDescription(int Width, int Height)
{
    /// <summary>3D instances per frame (bones + joints + markers + trail segments); 22 athletes need ~1 000.</summary>
    public int MaxInstances { get; init; } = 8192;

    /// <summary>2D quads per frame (rectangles, images, glyphs).</summary>
    public int MaxQuads { get; init; } = 8192;

    /// <summary>Side of the glyph atlas texture, pixels.</summary>
    public int GlyphAtlasSize { get; init; } = 1024;

    /// <summary>Asynchronous readback slots (frames in flight towards outputs).</summary>
    public int ReadbackSlots { get; init; } = 3;
}
