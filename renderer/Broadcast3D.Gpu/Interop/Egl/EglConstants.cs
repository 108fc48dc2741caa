namespace Broadcast3D.Gpu.Interop.Egl;

/// <summary>The EGL enums we pass or read (values from Khronos egl.h / eglext.h).</summary>
internal static class EglConstants
{
    public const int Success = 0x3000;
    public const int None = 0x3038;
    public const int Vendor = 0x3053;
    public const int Version = 0x3054;
    public const int Extensions = 0x3055;
    public const int ClientApis = 0x308D;
    public const int SurfaceType = 0x3033;
    public const int PbufferBit = 0x0001;
    public const int RenderableType = 0x3040;
    public const int OpenGlBit = 0x0008;
    public const int OpenGlApi = 0x30A2;
    public const int ContextMajorVersion = 0x3098;
    public const int ContextMinorVersion = 0x30FB;
    public const int ContextOpenGlProfileMask = 0x30FD;
    public const int ContextOpenGlCoreProfileBit = 0x0001;
    public const int ContextOpenGlDebug = 0x31B0;
    public const int PlatformDeviceExt = 0x313F;
    public const int PlatformSurfacelessMesa = 0x31DD;
    public const int DrmDeviceFileExt = 0x3233;
    public const int RendererExt = 0x335F;

    /// <summary>Names of EGL error codes, for messages.</summary>
    public static string ErrorName(int code) => code switch
    {
        0x3000 => "EGL_SUCCESS",
        0x3001 => "EGL_NOT_INITIALIZED",
        0x3002 => "EGL_BAD_ACCESS",
        0x3003 => "EGL_BAD_ALLOC",
        0x3004 => "EGL_BAD_ATTRIBUTE",
        0x3005 => "EGL_BAD_CONFIG",
        0x3006 => "EGL_BAD_CONTEXT",
        0x3008 => "EGL_BAD_DISPLAY",
        0x3009 => "EGL_BAD_MATCH",
        0x300C => "EGL_BAD_PARAMETER",
        _ => $"EGL error 0x{code:X4}",
    };
}
