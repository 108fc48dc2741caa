using Silk.NET.OpenGL;

namespace Broadcast3D.Gpu;

/// <summary>
/// A render target: a colour texture and an optional depth texture. Row 0 of the colour texture is the top row of
/// the picture (passes map image y, pointing down, to NDC y = 2y/h − 1), so readbacks come out top row first like
/// every image in the engine. The textures stay owned by the caller. Owner-thread only.
/// </summary>
public sealed unsafe class GpuFramebuffer : IDisposable
{
    private readonly GpuDevice _device;

    internal GpuFramebuffer(GpuDevice device, GpuTexture color, GpuTexture? depth)
    {
        _device = device;
        Color = color;
        Depth = depth;
        GL gl = device.Gl;
        uint handle = gl.CreateFramebuffer();
        Handle = handle;
        gl.NamedFramebufferTexture(handle, FramebufferAttachment.ColorAttachment0, color.Handle, 0);
        if (depth != null)
            gl.NamedFramebufferTexture(handle, FramebufferAttachment.DepthAttachment, depth.Handle, 0);
        ColorBuffer drawBuffer = ColorBuffer.ColorAttachment0;
        gl.NamedFramebufferDrawBuffers(handle, 1, &drawBuffer);
        gl.NamedFramebufferReadBuffer(handle, ColorBuffer.ColorAttachment0);
        GLEnum status = gl.CheckNamedFramebufferStatus(handle, FramebufferTarget.Framebuffer);
        device.Errors.Check("creating a framebuffer");
        if (status != GLEnum.FramebufferComplete)
            throw new GpuException($"framebuffer with a {color.Format} {color.Width}x{color.Height} colour texture is incomplete (status 0x{(int)status:X4})");
    }

    /// <summary>The colour texture drawn into.</summary>
    public GpuTexture Color { get; }

    /// <summary>The depth texture, or null.</summary>
    public GpuTexture? Depth { get; }

    /// <summary>Width in pixels.</summary>
    public int Width => Color.Width;

    /// <summary>Height in pixels.</summary>
    public int Height => Color.Height;

    internal uint Handle { get; private set; }

    /// <summary>Reads the colour attachment into tightly packed rows, top row first (synchronous; tests and tools).</summary>
    public void ReadPixels(Span<byte> destination)
    {
        _device.VerifyAccess();
        ObjectDisposedException.ThrowIf(Handle == 0, this);
        int bytes = Width * Height * GpuTexture.BytesPerPixel(Color.Format);
        if (destination.Length < bytes)
            throw new ArgumentException($"destination holds {destination.Length} bytes, the target has {bytes}", nameof(destination));
        _device.Gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, Handle);
        fixed (byte* p = destination)
            _device.Gl.ReadPixels(0, 0, (uint)Width, (uint)Height, GpuTexture.PixelFormat(Color.Format), GpuTexture.PixelType(Color.Format), p);
        _device.Errors.Check("reading pixels");
    }

    public void Dispose()
    {
        if (Handle == 0)
            return;
        _device.Gl.DeleteFramebuffer(Handle);
        Handle = 0;
    }
}
