using System.Runtime.InteropServices;

using Broadcast3D.Renderer.Text;

namespace Broadcast3D.Renderer.Interop.FreeType;

/// <summary>
/// libfreetype (2.x) and the raw table of the functions we call. Search order: <c>B3D_FREETYPE_LIBRARY</c>, then
/// <c>libfreetype.so.6</c>, then <c>libfreetype.so</c>. Loaded once per process and never unloaded. The functions
/// are thread-safe only per <c>FT_Library</c>; <see cref="FontFace"/> owns one library handle per face
/// (<see cref="FreeTypeLibraryHandle"/>, <see cref="FreeTypeFaceHandle"/>).
/// </summary>
internal sealed unsafe class FreeTypeLibrary
{
    public const string OverrideVariable = "B3D_FREETYPE_LIBRARY";
    public static readonly string[] LibraryNames = ["libfreetype.so.6", "libfreetype.so"];
    public const string InstallHint = "install FreeType and a font: 'apt install libfreetype6 fonts-dejavu-core'";

    private static readonly Lazy<(FreeTypeLibrary? Library, string Error)> s_instance = new(Load);

    // FT_Error is int; FT_Long/FT_ULong are C long (8 bytes on Linux x64): nint/nuint.
    public delegate* unmanaged<nint*, int> InitFreeType;
    public delegate* unmanaged<nint, int> DoneFreeType;
    public delegate* unmanaged<nint, int*, int*, int*, void> LibraryVersion;
    public delegate* unmanaged<nint, byte*, nint, nint*, int> NewFace;
    public delegate* unmanaged<nint, int> DoneFace;
    public delegate* unmanaged<nint, uint, uint, int> SetPixelSizes;
    public delegate* unmanaged<nint, uint, int, int> LoadGlyph;
    /// <summary>FT_Error_String (2.10+); null when absent, and it returns null unless built with error strings.</summary>
    public delegate* unmanaged<int, byte*> ErrorString;

    private FreeTypeLibrary(string loadedFrom) => LoadedFrom = loadedFrom;

    public string LoadedFrom { get; }

    /// <summary>The process-wide library, or null with the reason and what to install.</summary>
    public static FreeTypeLibrary? TryGet(out string error)
    {
        (FreeTypeLibrary? library, string e) = s_instance.Value;
        error = e;
        return library;
    }

    private static (FreeTypeLibrary?, string) Load()
    {
        string? explicitPath = Environment.GetEnvironmentVariable(OverrideVariable);
        string[] candidates = string.IsNullOrEmpty(explicitPath) ? LibraryNames : [explicitPath];
        foreach (string name in candidates)
        {
            if (!NativeLibrary.TryLoad(name, out nint handle))
                continue;
            var lib = new FreeTypeLibrary(name);
            string? missing = null;
            nint Export(string symbol)
            {
                if (NativeLibrary.TryGetExport(handle, symbol, out nint p))
                    return p;
                missing ??= symbol;
                return 0;
            }
            lib.InitFreeType = (delegate* unmanaged<nint*, int>)Export("FT_Init_FreeType");
            lib.DoneFreeType = (delegate* unmanaged<nint, int>)Export("FT_Done_FreeType");
            lib.LibraryVersion = (delegate* unmanaged<nint, int*, int*, int*, void>)Export("FT_Library_Version");
            lib.NewFace = (delegate* unmanaged<nint, byte*, nint, nint*, int>)Export("FT_New_Face");
            lib.DoneFace = (delegate* unmanaged<nint, int>)Export("FT_Done_Face");
            lib.SetPixelSizes = (delegate* unmanaged<nint, uint, uint, int>)Export("FT_Set_Pixel_Sizes");
            lib.LoadGlyph = (delegate* unmanaged<nint, uint, int, int>)Export("FT_Load_Glyph");
            if (missing != null)
                return (null, $"{name} lacks {missing}: not a FreeType 2 library; {InstallHint}");
            lib.ErrorString = NativeLibrary.TryGetExport(handle, "FT_Error_String", out nint es) ? (delegate* unmanaged<int, byte*>)es : null;
            return (lib, "");
        }
        return (null, $"FreeType could not be loaded (tried {string.Join(", ", candidates)}); {InstallHint}");
    }

    /// <summary>Throws <see cref="FontException"/> for a non-zero FT_Error, with FreeType's message when it has one.</summary>
    public void Check(int error, string operation)
    {
        if (error == 0)
            return;
        string? text = ErrorString != null ? Marshal.PtrToStringUTF8((nint)ErrorString(error)) : null;
        throw new FontException($"{operation} failed: {text ?? $"FreeType error 0x{error:X2}"}");
    }
}
