using System.Diagnostics.CodeAnalysis;
using Silk.NET.OpenGL;

namespace Broadcast3D.Gpu;

/// <summary>
/// One headless OpenGL 4.5 core device (EGL context without a surface) that renders and runs compute kernels.
/// Not thread-safe: the device and every resource it created are used only by the thread that owns the context
/// (the creating thread, or the last one that called <see cref="MakeCurrent"/>); any other thread gets an
/// <see cref="InvalidOperationException"/>. Public methods validate their arguments, then call the GL.
/// </summary>
public sealed unsafe partial class GpuDevice : IDisposable
{
    private readonly EglContext _egl;
    private readonly uint _emptyVertexArray;
    private int _ownerThread;
    private bool _disposed;

    private GpuDevice(EglContext egl, bool validation, bool requireHardware)
    {
        _egl = egl;
        _ownerThread = Environment.CurrentManagedThreadId;
        // Silk.NET resolves each entry point on first use through EGL (GL is never linked directly: the vendor
        // library is chosen at run time by libglvnd).
        Gl = GL.GetApi(egl.Egl.Proc);
        Errors = new GlDebugErrors(Gl, validation);
        Info = ReadInfo(egl, validation);
        if (requireHardware && Info.IsSoftware)
            throw new GpuUnavailableException($"only a software renderer is available ({Info}); install the GPU vendor's driver with EGL support");
        Version version = ParseVersion(Info.GlVersion);
        if (version < new Version(4, 5))
            throw new GpuUnavailableException($"OpenGL {Info.GlVersion} is below the required 4.5 core ({Info.GlRenderer})");
        // Core profile draws need a vertex array object even though every pass pulls vertices from buffers.
        _emptyVertexArray = Gl.CreateVertexArray();
        Gl.BindVertexArray(_emptyVertexArray);
        Gl.PixelStore(PixelStoreParameter.UnpackAlignment, 1);
        Gl.PixelStore(PixelStoreParameter.PackAlignment, 1);
        Errors.Check("device initialisation");
    }

    /// <summary>What this device runs on.</summary>
    public GpuDeviceInfo Info { get; }

    /// <summary>The Silk.NET bindings of this context; valid on the owner thread only.</summary>
    internal GL Gl { get; }

    internal GlDebugErrors Errors { get; }

    /// <summary>
    /// Creates the device on the calling thread, which becomes its owner. Throws <see cref="GpuUnavailableException"/>
    /// saying what was tried and what to install when no GL 4.5 context can be made; the process is unaffected.
    /// </summary>
    public static GpuDevice Create(GpuDeviceDescription description)
    {
        EglContext egl = EglContext.Create(description);
        try
        {
            return new GpuDevice(egl, description.Validation, description.RequireHardware);
        }
        catch
        {
            egl.Dispose();
            throw;
        }
    }

    /// <summary>Creates a device with the default description.</summary>
    public static GpuDevice Create() => Create(new GpuDeviceDescription());

    /// <summary>Like <see cref="Create(GpuDeviceDescription)"/> but returns false with the reason instead of throwing.</summary>
    public static bool TryCreate(GpuDeviceDescription description, [NotNullWhen(true)] out GpuDevice? device, out string error)
    {
        try
        {
            device = Create(description);
            error = "";
            return true;
        }
        catch (GpuException ex)
        {
            device = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>
    /// Binds the context to the calling thread, which becomes the owner. The previous owner must have stopped using
    /// the device (hand-over, e.g. from a start-up thread to the channel thread).
    /// </summary>
    public void MakeCurrent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _egl.MakeCurrent();
        _ownerThread = Environment.CurrentManagedThreadId;
    }

    /// <summary>Throws unless the device is alive and the caller owns it.</summary>
    internal void VerifyAccess()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Environment.CurrentManagedThreadId != _ownerThread)
            throw new InvalidOperationException(
                $"the GPU device is owned by thread {_ownerThread}, not {Environment.CurrentManagedThreadId}; call MakeCurrent to hand it over");
    }

    /// <summary>Creates a buffer, optionally filled with <paramref name="initialData"/> (at most SizeInBytes bytes).</summary>
    public GpuBuffer CreateBuffer(BufferDescription description, ReadOnlySpan<byte> initialData = default)
    {
        VerifyAccess();
        if (description.SizeInBytes <= 0 || description.SizeInBytes > Info.MaxShaderStorageBlockSize)
            throw new ArgumentOutOfRangeException(nameof(description),
                $"buffer size {description.SizeInBytes} bytes is outside 1..{Info.MaxShaderStorageBlockSize} (this device's shader storage limit)");
        if (initialData.Length > description.SizeInBytes)
            throw new ArgumentException($"initial data ({initialData.Length} bytes) exceeds the buffer size ({description.SizeInBytes})", nameof(initialData));
        return new GpuBuffer(this, description, initialData);
    }

    /// <summary>Creates a 2D texture; sizes above <see cref="GpuDeviceInfo.MaxTextureSize"/> are refused with the limit in the message.</summary>
    public GpuTexture CreateTexture(TextureDescription description)
    {
        VerifyAccess();
        int max = Info.MaxTextureSize;
        if (description.Width <= 0 || description.Height <= 0 || description.Width > max || description.Height > max)
            throw new ArgumentOutOfRangeException(nameof(description),
                $"texture {description.Width}x{description.Height} is outside 1..{max} per side (GL_MAX_TEXTURE_SIZE of {Info.GlRenderer}); split or downscale it");
        return new GpuTexture(this, description);
    }

    /// <summary>Creates a render target drawing into <paramref name="color"/> with an optional depth texture of the same size.</summary>
    public GpuFramebuffer CreateFramebuffer(GpuTexture color, GpuTexture? depth = null)
    {
        VerifyAccess();
        ArgumentNullException.ThrowIfNull(color);
        if (color.Format == TextureFormat.Depth32F)
            throw new ArgumentException("the colour attachment has a depth format", nameof(color));
        if (depth != null && (depth.Format != TextureFormat.Depth32F || depth.Width != color.Width || depth.Height != color.Height))
            throw new ArgumentException($"the depth attachment must be Depth32F {color.Width}x{color.Height}", nameof(depth));
        return new GpuFramebuffer(this, color, depth);
    }

    /// <summary>Compiles and links a compute kernel from an embedded shader file (e.g. "selftest.comp").</summary>
    public GpuProgram CreateComputeProgram(string computeFile, IReadOnlyDictionary<string, string>? defines = null)
    {
        VerifyAccess();
        return GpuProgram.Link(this, [ShaderSource.Load(computeFile, defines)]);
    }

    /// <summary>Compiles and links a vertex + fragment program from embedded shader files.</summary>
    public GpuProgram CreateGraphicsProgram(string vertexFile, string fragmentFile, IReadOnlyDictionary<string, string>? defines = null)
    {
        VerifyAccess();
        return GpuProgram.Link(this, [ShaderSource.Load(vertexFile, defines), ShaderSource.Load(fragmentFile, defines)]);
    }

    /// <summary>Compiles and links a program from sources given in memory (tests, generated shaders).</summary>
    public GpuProgram CreateProgram(IReadOnlyList<ShaderSource> sources)
    {
        VerifyAccess();
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count == 0)
            throw new ArgumentException("a program needs at least one shader", nameof(sources));
        return GpuProgram.Link(this, sources);
    }

    private GpuDeviceInfo ReadInfo(EglContext egl, bool validation)
    {
        string renderer = Gl.GetStringS(StringName.Renderer) ?? "";
        bool software = renderer.Contains("llvmpipe", StringComparison.OrdinalIgnoreCase)
                        || renderer.Contains("softpipe", StringComparison.OrdinalIgnoreCase)
                        || renderer.Contains("swrast", StringComparison.OrdinalIgnoreCase);
        return new GpuDeviceInfo(egl.Platform, egl.EglVersion, egl.EglVendor, Gl.GetStringS(StringName.Vendor) ?? "", renderer,
            Gl.GetStringS(StringName.Version) ?? "", Gl.GetStringS(StringName.ShadingLanguageVersion) ?? "",
            Gl.GetInteger(GetPName.MaxTextureSize), Gl.GetInteger(GetPName.MaxComputeWorkGroupCount, 0),
            Gl.GetInteger(GetPName.MaxComputeWorkGroupInvocations), (uint)Gl.GetInteger(GLEnum.MaxShaderStorageBlockSize),
            software, validation)
        {
            GlBinding = BindingName,
        };
    }

    /// <summary>The GL binding library and its version, e.g. "Silk.NET.OpenGL 2.23.0" (for <c>b3d doctor</c>).</summary>
    internal static string BindingName { get; } = $"Silk.NET.OpenGL {typeof(GL).Assembly.GetName().Version?.ToString(3)}";

    private static Version ParseVersion(string glVersion)
    {
        // "4.5 (Core Profile) Mesa 22.3.6" or "4.6.0 NVIDIA 550.54": the leading "major.minor".
        string head = glVersion.Split(' ')[0];
        string[] parts = head.Split('.');
        return parts.Length >= 2 && int.TryParse(parts[0], out int major) && int.TryParse(parts[1], out int minor)
            ? new Version(major, minor)
            : new Version(0, 0);
    }

    /// <summary>Destroys the context. Resources not yet disposed are released with it.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        // GL objects belong to the context: destroying it frees any that were not disposed.
        if (Environment.CurrentManagedThreadId == _ownerThread)
            Gl.DeleteVertexArray(_emptyVertexArray);
        Gl.Dispose();
        _egl.Dispose();
        _disposed = true;
    }
}
