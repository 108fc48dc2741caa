using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>The libswscale 6 functions we call. SwsContext is opaque (<c>nint</c>).</summary>
internal static unsafe partial class LibSwScale
{
    [LibraryImport(FFmpegLibrary.SwScale, EntryPoint = "swscale_version")]
    public static partial uint Version();

    [LibraryImport(FFmpegLibrary.SwScale, EntryPoint = "sws_getCachedContext")]
    public static partial nint GetCachedContext(nint context, int srcWidth, int srcHeight, int srcFormat,
        int dstWidth, int dstHeight, int dstFormat, int flags, void* srcFilter, void* dstFilter, double* param);

    [LibraryImport(FFmpegLibrary.SwScale, EntryPoint = "sws_scale")]
    public static partial int Scale(nint context, nint* srcSlice, int* srcStride, int srcSliceY, int srcSliceHeight, nint* dst, int* dstStride);

    [LibraryImport(FFmpegLibrary.SwScale, EntryPoint = "sws_getCoefficients")]
    public static partial int* GetCoefficients(int colorspace);

    [LibraryImport(FFmpegLibrary.SwScale, EntryPoint = "sws_setColorspaceDetails")]
    public static partial int SetColorspaceDetails(nint context, int* invTable, int srcRange, int* table, int dstRange, int brightness, int contrast, int saturation);

    [LibraryImport(FFmpegLibrary.SwScale, EntryPoint = "sws_freeContext")]
    public static partial void FreeContext(nint context);
}
