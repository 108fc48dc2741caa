using System.Runtime.InteropServices;

namespace Broadcast3D.Renderer.Interop.FreeType;

/// <summary>
/// An <c>FT_Library</c>, released by <c>FT_Done_FreeType</c> on Dispose or, when Dispose was forgotten, by the
/// finaliser. Faces created from it hold it open (<see cref="FreeTypeFaceHandle"/>), so it is released last.
/// </summary>
internal sealed unsafe class FreeTypeLibraryHandle : SafeHandle
{
    private static long s_released;
    private readonly FreeTypeLibrary _ft;

    private FreeTypeLibraryHandle(FreeTypeLibrary ft, nint library) : base(0, ownsHandle: true)
    {
        _ft = ft;
        SetHandle(library);
    }

    /// <summary>Libraries released by this process so far (tests: a forgotten handle is still released).</summary>
    public static long ReleasedCount => Interlocked.Read(ref s_released);

    public override bool IsInvalid => handle == 0;

    /// <summary>FT_Init_FreeType; throws <see cref="Text.FontException"/> when it fails.</summary>
    public static FreeTypeLibraryHandle Create(FreeTypeLibrary ft)
    {
        nint library;
        ft.Check(ft.InitFreeType(&library), "FT_Init_FreeType");
        return new FreeTypeLibraryHandle(ft, library);
    }

    protected override bool ReleaseHandle()
    {
        Interlocked.Increment(ref s_released);
        return _ft.DoneFreeType(handle) == 0;
    }
}
