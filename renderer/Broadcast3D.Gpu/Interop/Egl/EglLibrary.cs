using System.Runtime.InteropServices;

namespace Broadcast3D.Gpu.Interop.Egl;

/// <summary>
/// The EGL loader (libglvnd's libEGL or a vendor's) and the raw table of the functions we call. Core EGL 1.4
/// entry points are exported symbols; the platform/device extensions come through <c>eglGetProcAddress</c>.
/// Search order: an explicit path (tests, <c>B3D_EGL_LIBRARY</c>), then <c>libEGL.so.1</c>, then <c>libEGL.so</c>.
/// The library is never unloaded: glvnd vendor libraries do not support unloading and reloading in one process.
/// </summary>
internal sealed unsafe class EglLibrary
{
    /// <summary>Environment variable naming an EGL library to load instead of the system one.</summary>
    public const string OverrideVariable = "B3D_EGL_LIBRARY";

    /// <summary>Library names tried in order (Linux; the engine targets Linux x86-64).</summary>
    public static readonly string[] LibraryNames = ["libEGL.so.1", "libEGL.so"];

    /// <summary>What to install when nothing loads, shown by errors and by <c>b3d doctor</c>.</summary>
    public const string InstallHint =
        "install EGL and a GL driver: 'apt install libegl1 libegl-mesa0 libgl1-mesa-dri' (Mesa llvmpipe runs without a GPU), " +
        "or the NVIDIA driver with its EGL vendor library";

    private readonly nint _handle;

    public delegate* unmanaged<byte*, nint> GetProcAddress;
    public delegate* unmanaged<nint, int, byte*> QueryString;
    public delegate* unmanaged<int> GetError;
    public delegate* unmanaged<nint, int*, int*, uint> Initialize;
    public delegate* unmanaged<nint, uint> Terminate;
    public delegate* unmanaged<uint, uint> BindApi;
    public delegate* unmanaged<nint, int*, nint*, int, int*, uint> ChooseConfig;
    public delegate* unmanaged<nint, nint, nint, int*, nint> CreateContext;
    public delegate* unmanaged<nint, nint, nint, nint, uint> MakeCurrent;
    public delegate* unmanaged<nint, nint, uint> DestroyContext;
    public delegate* unmanaged<uint> ReleaseThread;
    /// <summary>eglGetPlatformDisplayEXT (EGL_EXT_platform_base); null when absent.</summary>
    public delegate* unmanaged<int, nint, int*, nint> GetPlatformDisplayExt;
    /// <summary>eglQueryDevicesEXT (EGL_EXT_device_enumeration); null when absent.</summary>
    public delegate* unmanaged<int, nint*, int*, uint> QueryDevicesExt;
    /// <summary>eglQueryDeviceStringEXT (EGL_EXT_device_query); null when absent.</summary>
    public delegate* unmanaged<nint, int, byte*> QueryDeviceStringExt;

    private EglLibrary(nint handle, string path)
    {
        _handle = handle;
        LoadedFrom = path;
    }

    /// <summary>The name or path the library was loaded from.</summary>
    public string LoadedFrom { get; }

    /// <summary>Loads the library and its functions, or returns null with the reason and what to install.</summary>
    public static EglLibrary? TryLoad(string? explicitPath, out string error)
    {
        explicitPath ??= Environment.GetEnvironmentVariable(OverrideVariable);
        string[] candidates = string.IsNullOrEmpty(explicitPath) ? LibraryNames : [explicitPath];
        foreach (string name in candidates)
        {
            if (!NativeLibrary.TryLoad(name, out nint handle))
                continue;
            var lib = new EglLibrary(handle, name);
            return lib.TryBind(out error) ? lib : null;
        }
        error = $"no EGL library could be loaded (tried {string.Join(", ", candidates)}); {InstallHint}";
        return null;
    }

    private bool TryBind(out string error)
    {
        string? missing = null;
        nint Export(string name)
        {
            if (NativeLibrary.TryGetExport(_handle, name, out nint p))
                return p;
            missing ??= name;
            return 0;
        }
        GetProcAddress = (delegate* unmanaged<byte*, nint>)Export("eglGetProcAddress");
        QueryString = (delegate* unmanaged<nint, int, byte*>)Export("eglQueryString");
        GetError = (delegate* unmanaged<int>)Export("eglGetError");
        Initialize = (delegate* unmanaged<nint, int*, int*, uint>)Export("eglInitialize");
        Terminate = (delegate* unmanaged<nint, uint>)Export("eglTerminate");
        BindApi = (delegate* unmanaged<uint, uint>)Export("eglBindAPI");
        ChooseConfig = (delegate* unmanaged<nint, int*, nint*, int, int*, uint>)Export("eglChooseConfig");
        CreateContext = (delegate* unmanaged<nint, nint, nint, int*, nint>)Export("eglCreateContext");
        MakeCurrent = (delegate* unmanaged<nint, nint, nint, nint, uint>)Export("eglMakeCurrent");
        DestroyContext = (delegate* unmanaged<nint, nint, uint>)Export("eglDestroyContext");
        ReleaseThread = (delegate* unmanaged<uint>)Export("eglReleaseThread");
        if (missing != null)
        {
            error = $"{LoadedFrom} lacks {missing}: it is not an EGL 1.4+ library; {InstallHint}";
            return false;
        }
        GetPlatformDisplayExt = (delegate* unmanaged<int, nint, int*, nint>)Proc("eglGetPlatformDisplayEXT");
        QueryDevicesExt = (delegate* unmanaged<int, nint*, int*, uint>)Proc("eglQueryDevicesEXT");
        QueryDeviceStringExt = (delegate* unmanaged<nint, int, byte*>)Proc("eglQueryDeviceStringEXT");
        error = "";
        return true;
    }

    /// <summary>Any EGL or GL entry point by name; 0 when the implementation lacks it.</summary>
    public nint Proc(string name)
    {
        byte* utf8 = (byte*)Marshal.StringToCoTaskMemUTF8(name);
        try
        {
            return GetProcAddress(utf8);
        }
        finally
        {
            Marshal.FreeCoTaskMem((nint)utf8);
        }
    }

    /// <summary>eglQueryString as a managed string ("" when EGL returns null, e.g. no client extensions).</summary>
    public string String(nint display, int name) => Marshal.PtrToStringUTF8((nint)QueryString(display, name)) ?? "";

    /// <summary>The last EGL error, named.</summary>
    public string LastError() => EglConstants.ErrorName(GetError());
}
