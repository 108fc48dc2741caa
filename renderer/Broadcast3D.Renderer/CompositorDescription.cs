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

    /// <summary>
    /// Slots of <see cref="Compositor.Readback"/>, the compositor's own asynchronous RGBA readback (frames in flight);
    /// 0 (the default): none, as the channels read back through <see cref="ProgramReadback"/> instead.
    /// <see cref="Compositor.ReadRgba"/> needs none.
    /// </summary>
    public int ReadbackSlots { get; init; }
}
