using System.Runtime.InteropServices;
using Broadcast3D.Gpu.Interop.Egl;

namespace Broadcast3D.Gpu;

/// <summary>
/// A headless OpenGL 4.5 core context: an EGL display on the chosen platform and a context made current without
/// any surface (rendering goes to framebuffer objects). Owned by <see cref="GpuDevice"/>; the display and the
/// context are <see cref="SafeHandle"/>s, so a device that is never disposed still releases them when collected.
/// </summary>
internal sealed unsafe class EglContext : IDisposable
{
    private readonly EglDisplayHandle _display;
    private readonly EglContextHandle _context;

    private EglContext(EglLibrary egl, EglDisplayHandle display, EglContextHandle context, string platform, string eglVersion, string eglVendor)
    {
        Egl = egl;
        _display = display;
        _context = context;
        Platform = platform;
        EglVersion = eglVersion;
        EglVendor = eglVendor;
    }

    public EglLibrary Egl { get; }
    public string Platform { get; }
    public string EglVersion { get; }
    public string EglVendor { get; }

    /// <summary>Creates the display and context and makes it current on the calling thread.</summary>
    public static EglContext Create(in GpuDeviceDescription description)
    {
        EglLibrary egl = EglLibrary.TryLoad(description.EglLibraryPath, out string loadError)
                         ?? throw new GpuUnavailableException(loadError);
        string clientExtensions = egl.String(0, EglConstants.Extensions);
        if (egl.GetPlatformDisplayExt == null)
            throw new GpuUnavailableException($"{egl.LoadedFrom} has no eglGetPlatformDisplayEXT (EGL_EXT_platform_base); {EglLibrary.InstallHint}");

        var tried = new List<string>();
        foreach ((int platform, nint native, string name) in Candidates(egl, clientExtensions, description.Platform, tried))
        {
            EglDisplayHandle? display = EglDisplayHandle.TryInitialize(egl, egl.GetPlatformDisplayExt(platform, native, null));
            if (display == null)
            {
                tried.Add($"{name}: {egl.LastError()}");
                continue;
            }
            nint raw = display.DangerousGetHandle();
            nint context = CreateContext(egl, raw, description.Validation, out string contextError);
            if (context == 0)
            {
                tried.Add($"{name}: {contextError}");
                display.Dispose();
                continue;
            }
            return new EglContext(egl, display, new EglContextHandle(egl, display, context), name,
                egl.String(raw, EglConstants.Version), egl.String(raw, EglConstants.Vendor));
        }
        string what = tried.Count == 0 ? "no EGL platform or device was offered" : string.Join("; ", tried);
        throw new GpuUnavailableException($"no EGL display gave an OpenGL 4.5 core context ({what}); {EglLibrary.InstallHint}");
    }

    /// <summary>Makes the context current on the calling thread (hand-over between threads).</summary>
    public void MakeCurrent()
    {
        ObjectDisposedException.ThrowIf(_context.IsClosed, this);
        if (Egl.MakeCurrent(_context.Display, 0, 0, _context.DangerousGetHandle()) == 0)
            throw new GpuException($"eglMakeCurrent failed: {Egl.LastError()}");
    }

    private static List<(int Platform, nint Native, string Name)> Candidates(EglLibrary egl, string clientExtensions,
        GpuPlatform preference, List<string> tried)
    {
        bool surfaceless = clientExtensions.Contains("EGL_MESA_platform_surfaceless", StringComparison.Ordinal);
        var hardware = new List<(nint, string)>();
        var software = new List<(nint, string)>();
        if (clientExtensions.Contains("EGL_EXT_platform_device", StringComparison.Ordinal) && egl.QueryDevicesExt != null)
        {
            int count;
            var devices = new nint[16];
            fixed (nint* p = devices)
            {
                if (egl.QueryDevicesExt(devices.Length, p, &count) == 0)
                    count = 0;
            }
            for (int i = 0; i < count; i++)
            {
                string ext = egl.QueryDeviceStringExt != null
                    ? Marshal.PtrToStringUTF8((nint)egl.QueryDeviceStringExt(devices[i], EglConstants.Extensions)) ?? ""
                    : "";
                // Mesa marks its CPU rasteriser device with EGL_MESA_device_software.
                bool isSoftware = ext.Contains("EGL_MESA_device_software", StringComparison.Ordinal);
                string name = $"EGL device {i}{(isSoftware ? " (software)" : "")}";
                (isSoftware ? software : hardware).Add((devices[i], name));
            }
        }
        else if (preference == GpuPlatform.Device)
        {
            tried.Add("EGL device platform: not offered by this EGL (needs EGL_EXT_platform_device)");
        }
        if (preference == GpuPlatform.SurfacelessMesa && !surfaceless)
            tried.Add("surfaceless Mesa: not offered by this EGL (needs EGL_MESA_platform_surfaceless, libegl-mesa0)");

        // A hardware device first so that a GPU machine with Mesa also installed never lands on llvmpipe.
        var candidates = new List<(int, nint, string)>();
        if (preference != GpuPlatform.SurfacelessMesa)
        {
            foreach ((nint device, string name) in hardware)
                candidates.Add((EglConstants.PlatformDeviceExt, device, name));
        }
        if (preference != GpuPlatform.Device && surfaceless)
            candidates.Add((EglConstants.PlatformSurfacelessMesa, 0, "surfaceless Mesa"));
        if (preference != GpuPlatform.SurfacelessMesa)
        {
            foreach ((nint device, string name) in software)
                candidates.Add((EglConstants.PlatformDeviceExt, device, name));
        }
        return candidates;
    }

    private static nint CreateContext(EglLibrary egl, nint display, bool debug, out string error)
    {
        if (egl.BindApi(EglConstants.OpenGlApi) == 0)
        {
            error = $"eglBindAPI(EGL_OPENGL_API): {egl.LastError()}";
            return 0;
        }
        // EGL_KHR_no_config_context lets a surfaceless context exist without a framebuffer config; otherwise
        // any config able to render OpenGL will do since we never draw to an EGL surface.
        nint config = 0;
        string displayExtensions = egl.String(display, EglConstants.Extensions);
        if (!displayExtensions.Contains("EGL_KHR_no_config_context", StringComparison.Ordinal))
        {
            int* configAttributes = stackalloc int[] { EglConstants.RenderableType, EglConstants.OpenGlBit, EglConstants.None };
            int found;
            if (egl.ChooseConfig(display, configAttributes, &config, 1, &found) == 0 || found == 0)
            {
                error = $"no EGL config renders OpenGL: {egl.LastError()}";
                return 0;
            }
        }
        int* attributes = stackalloc int[]
        {
            EglConstants.ContextMajorVersion, 4,
            EglConstants.ContextMinorVersion, 5,
            EglConstants.ContextOpenGlProfileMask, EglConstants.ContextOpenGlCoreProfileBit,
            EglConstants.ContextOpenGlDebug, debug ? 1 : 0,
            EglConstants.None,
        };
        nint context = egl.CreateContext(display, config, 0, attributes);
        if (context == 0)
        {
            error = $"eglCreateContext(OpenGL 4.5 core): {egl.LastError()}";
            return 0;
        }
        if (egl.MakeCurrent(display, 0, 0, context) == 0)
        {
            error = $"eglMakeCurrent without a surface: {egl.LastError()}";
            egl.DestroyContext(display, context);
            return 0;
        }
        error = "";
        return context;
    }

    /// <summary>
    /// Releases the context from the calling thread, destroys it and gives up this device's share of the display
    /// (terminated when no other device of the process uses it). Safe to call twice.
    /// </summary>
    public void Dispose()
    {
        if (_context.IsClosed)
            return;
        Egl.MakeCurrent(_context.Display, 0, 0, 0);
        _context.Dispose();
        _display.Dispose();
    }
}
