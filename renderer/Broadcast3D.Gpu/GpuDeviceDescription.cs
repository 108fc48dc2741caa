namespace Broadcast3D.Gpu;

/// <summary>Which EGL platform a <see cref="GpuDevice"/> is created on.</summary>
public enum GpuPlatform
{
    /// <summary>
    /// A hardware EGL device if one exists (NVIDIA, AMD, Intel), else Mesa's surfaceless platform (llvmpipe on a
    /// machine without a GPU), else any EGL device, software included.
    /// </summary>
    Auto,
    /// <summary>Only <c>EGL_PLATFORM_SURFACELESS_MESA</c>.</summary>
    SurfacelessMesa,
    /// <summary>Only the EGL device platform (<c>EGL_EXT_platform_device</c>), first matching device.</summary>
    Device,
}

/// <summary>How to create a <see cref="GpuDevice"/>. The defaults suit production and CI.</summary>
public readonly record struct GpuDeviceDescription
{
    public GpuDeviceDescription()
    {
    }

    /// <summary>Platform selection order; see <see cref="GpuPlatform"/>.</summary>
    public GpuPlatform Platform { get; init; } = GpuPlatform.Auto;

    /// <summary>
    /// When true, a software rasteriser (llvmpipe, softpipe) is refused with a <see cref="GpuUnavailableException"/>:
    /// for an on-air machine, where a CPU renderer would silently miss frame deadlines.
    /// </summary>
    public bool RequireHardware { get; init; }

    /// <summary>
    /// A debug context with the KHR_debug callback and a <c>glGetError</c> check after every call. Default: on in
    /// Debug builds and when the <c>CI</c> or <c>B3D_GL_DEBUG</c> environment variable is set.
    /// </summary>
    public bool Validation { get; init; } = DefaultValidation();

    /// <summary>An EGL library path to load instead of the system's (null: <c>B3D_EGL_LIBRARY</c>, then libEGL.so.1).</summary>
    public string? EglLibraryPath { get; init; }

    private static bool DefaultValidation()
    {
#if DEBUG
        return true;
#else
        return !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
               || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("B3D_GL_DEBUG"));
#endif
    }
}
