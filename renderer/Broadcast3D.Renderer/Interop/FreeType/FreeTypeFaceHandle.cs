using System.Runtime.InteropServices;

namespace Broadcast3D.Renderer.Interop.FreeType;

/// <summary>
/// An <c>FT_Face</c>, released by <c>FT_Done_Face</c> on Dispose or, when Dispose was forgotten, by the finaliser;
/// holds its library open until then.
/// </summary>
internal sealed unsafe class FreeTypeFaceHandle : SafeHandle
{
    private static long s_released;
    private readonly FreeTypeLibrary _ft;
    private readonly FreeTypeLibraryHandle _library;

    private FreeTypeFaceHandle(FreeTypeLibrary ft, FreeTypeLibraryHandle library) : base(0, ownsHandle: true)
    {
        _ft = ft;
        _library = library;
    }

    /// <summary>Faces released by this process so far (tests: a forgotten handle is still released).</summary>
    public static long ReleasedCount => Interlocked.Read(ref s_released);

    public override bool IsInvalid => handle == 0;

    /// <summary>FT_New_Face of <paramref name="path"/>'s first face; throws <see cref="Text.FontException"/> naming the file.</summary>
    public static FreeTypeFaceHandle Open(FreeTypeLibrary ft, FreeTypeLibraryHandle library, string path)
    {
        var face = new FreeTypeFaceHandle(ft, library);
        bool added = false;
        library.DangerousAddRef(ref added);
        nint raw;
        byte* utf8 = (byte*)Marshal.StringToCoTaskMemUTF8(path);
        int error;
        try
        {
            error = ft.NewFace(library.DangerousGetHandle(), utf8, 0, &raw);
        }
        finally
        {
            Marshal.FreeCoTaskMem((nint)utf8);
        }
        if (error != 0)
        {
            // Nothing was created: give the library back and let the (invalid) handle go without a release call.
            library.DangerousRelease();
            GC.SuppressFinalize(face);
            ft.Check(error, $"opening font {path}");
        }
        face.SetHandle(raw);
        return face;
    }

    protected override bool ReleaseHandle()
    {
        Interlocked.Increment(ref s_released);
        bool ok = _ft.DoneFace(handle) == 0;
        _library.DangerousRelease();
        return ok;
    }
}
