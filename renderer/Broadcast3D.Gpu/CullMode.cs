namespace Broadcast3D.Gpu;

/// <summary>
/// Which triangles a draw skips by their winding in window space (x right, y from row 0 of the target towards
/// higher rows, the compositor's top-down rows): a closed surface drawn with depth test hides its far side anyway,
/// and skipping it halves what a software rasteriser sets up and shades.
/// </summary>
public enum CullMode
{
    /// <summary>Draw every triangle.</summary>
    None,
    /// <summary>Skip triangles wound clockwise in window space (the GL's default front face is counter-clockwise).</summary>
    Clockwise,
    /// <summary>Skip triangles wound counter-clockwise in window space.</summary>
    CounterClockwise,
}
