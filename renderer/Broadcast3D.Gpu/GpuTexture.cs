using Silk.NET.OpenGL;

namespace Broadcast3D.Gpu;

/// <summary>A 2D texture with one mip level. Owner-thread only (see <see cref="GpuDevice"/>); dispose before the device.</summary>
public sealed unsafe class GpuTexture : IDisposable
{
    private readonly GpuDevice _device;

    internal GpuTexture(GpuDevice device, TextureDescription description)
    {
        _device = device;
        Width = description.Width;
        Height = description.Height;
        Format = description.Format;
        GL gl = device.Gl;
        uint handle = gl.CreateTexture(TextureTarget.Texture2D);
        Handle = handle;
        gl.TextureStorage2D(handle, 1, InternalFormat(Format), (uint)Width, (uint)Height);
        int filter = (int)(description.Filter == TextureFilter.Nearest ? GLEnum.Nearest : GLEnum.Linear);
        gl.TextureParameter(handle, TextureParameterName.TextureMinFilter, filter);
        gl.TextureParameter(handle, TextureParameterName.TextureMagFilter, filter);
        gl.TextureParameter(handle, TextureParameterName.TextureWrapS, (int)GLEnum.ClampToEdge);
        gl.TextureParameter(handle, TextureParameterName.TextureWrapT, (int)GLEnum.ClampToEdge);
        device.Errors.Check($"creating a {Width}x{Height} {Format} texture");
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Pixel format.</summary>
    public TextureFormat Format { get; }

    internal uint Handle { get; private set; }

    /// <summary>Bytes per pixel of <paramref name="format"/> as uploaded and read back.</summary>
    public static int BytesPerPixel(TextureFormat format) => format switch
    {
        TextureFormat.R8 => 1,
        TextureFormat.Rg8 => 2,
        TextureFormat.R16 => 2,
        TextureFormat.Rgba8 => 4,
        TextureFormat.R32F => 4,
        TextureFormat.Rgba32F => 16,
        _ => 4,
    };

    /// <summary>
    /// Uploads a <paramref name="width"/>×<paramref name="height"/> region at (x, y) from rows of
    /// <paramref name="strideBytes"/> bytes (top row first, as stored in memory; texture row 0 is the first row).
    /// </summary>
    public void Upload(ReadOnlySpan<byte> pixels, int strideBytes, int x, int y, int width, int height)
    {
        _device.VerifyAccess();
        ObjectDisposedException.ThrowIf(Handle == 0, this);
        int bpp = BytesPerPixel(Format);
        if (Format == TextureFormat.Depth32F)
            throw new InvalidOperationException("depth textures are written by draws only");
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > Width || y + height > Height)
            throw new ArgumentOutOfRangeException(nameof(width), $"region {width}x{height} at ({x},{y}) is outside the {Width}x{Height} texture");
        if (strideBytes < width * bpp || strideBytes % bpp != 0 || pixels.Length < (long)strideBytes * (height - 1) + width * bpp)
            throw new ArgumentException($"{pixels.Length} bytes with stride {strideBytes} do not hold {width}x{height} {Format} pixels", nameof(pixels));
        GL gl = _device.Gl;
        gl.PixelStore(PixelStoreParameter.UnpackRowLength, strideBytes / bpp);
        fixed (byte* p = pixels)
            gl.TextureSubImage2D(Handle, 0, x, y, (uint)width, (uint)height, PixelFormat(Format), PixelType(Format), p);
        gl.PixelStore(PixelStoreParameter.UnpackRowLength, 0);
        _device.Errors.Check("texture upload");
    }

    /// <summary>Uploads the whole texture from tightly packed rows.</summary>
    public void Upload(ReadOnlySpan<byte> pixels) => Upload(pixels, Width * BytesPerPixel(Format), 0, 0, Width, Height);

    /// <summary>Reads the whole texture into tightly packed rows (synchronous: waits for the GPU; tests and tools).</summary>
    public void Read(Span<byte> destination)
    {
        _device.VerifyAccess();
        ObjectDisposedException.ThrowIf(Handle == 0, this);
        int bytes = Width * Height * BytesPerPixel(Format);
        if (destination.Length < bytes)
            throw new ArgumentException($"destination holds {destination.Length} bytes, the texture has {bytes}", nameof(destination));
        fixed (byte* p = destination)
            _device.Gl.GetTextureImage(Handle, 0, PixelFormat(Format), PixelType(Format), (uint)bytes, p);
        _device.Errors.Check("texture read");
    }

    internal static SizedInternalFormat InternalFormat(TextureFormat f) => f switch
    {
        TextureFormat.R8 => SizedInternalFormat.R8,
        TextureFormat.Rg8 => SizedInternalFormat.RG8,
        TextureFormat.R16 => SizedInternalFormat.R16,
        TextureFormat.Rgba8 => SizedInternalFormat.Rgba8,
        TextureFormat.R32F => SizedInternalFormat.R32f,
        TextureFormat.Rgba32F => SizedInternalFormat.Rgba32f,
        _ => SizedInternalFormat.DepthComponent32f,
    };

    internal static PixelFormat PixelFormat(TextureFormat f) => f switch
    {
        TextureFormat.R8 or TextureFormat.R16 or TextureFormat.R32F => Silk.NET.OpenGL.PixelFormat.Red,
        TextureFormat.Rg8 => Silk.NET.OpenGL.PixelFormat.RG,
        _ => Silk.NET.OpenGL.PixelFormat.Rgba,
    };

    internal static PixelType PixelType(TextureFormat f) => f switch
    {
        TextureFormat.R32F or TextureFormat.Rgba32F or TextureFormat.Depth32F => Silk.NET.OpenGL.PixelType.Float,
        TextureFormat.R16 => Silk.NET.OpenGL.PixelType.UnsignedShort,
        _ => Silk.NET.OpenGL.PixelType.UnsignedByte,
    };

    internal void VerifyOwner(GpuDevice device)
    {
        ObjectDisposedException.ThrowIf(Handle == 0, this);
        if (!ReferenceEquals(device, _device))
            throw new ArgumentException("the texture belongs to another device");
    }

    public void Dispose()
    {
        if (Handle == 0)
            return;
        _device.Gl.DeleteTexture(Handle);
        Handle = 0;
    }
}
