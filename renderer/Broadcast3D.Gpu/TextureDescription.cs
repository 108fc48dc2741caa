namespace Broadcast3D.Gpu;

/// <summary>Pixel formats a <see cref="GpuTexture"/> can hold.</summary>
public enum TextureFormat
{
    /// <summary>One 8-bit unsigned normalised channel (a luma or chroma plane, a glyph atlas).</summary>
    R8,
    /// <summary>Two 8-bit channels (the interleaved CbCr plane of NV12).</summary>
    Rg8,
    /// <summary>One 16-bit unsigned normalised channel (a plane of 10-bit video in the low bits of 16-bit words).</summary>
    R16,
    /// <summary>8-bit RGBA, unsigned normalised (frames, images, output).</summary>
    Rgba8,
    /// <summary>One 32-bit float channel.</summary>
    R32F,
    /// <summary>Four 32-bit float channels.</summary>
    Rgba32F,
    /// <summary>32-bit float depth (3D passes).</summary>
    Depth32F,
}

/// <summary>How a texture is filtered when sampled.</summary>
public enum TextureFilter
{
    /// <summary>Bilinear; edges clamp.</summary>
    Linear,
    /// <summary>Nearest texel; edges clamp.</summary>
    Nearest,
}

/// <summary>Creation parameters of a <see cref="GpuTexture"/> (2D, one mip level).</summary>
/// <param name="Width">Pixels, 1 to <see cref="GpuDeviceInfo.MaxTextureSize"/>.</param>
/// <param name="Height">Pixels, 1 to <see cref="GpuDeviceInfo.MaxTextureSize"/>.</param>
/// <param name="Format">Pixel format.</param>
/// <param name="Filter">Sampling filter.</param>
public readonly record struct TextureDescription(int Width, int Height, TextureFormat Format, TextureFilter Filter = TextureFilter.Linear);
