using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>Turns FFmpeg's negative return codes into <see cref="MediaException"/>s carrying av_strerror's message.</summary>
internal static unsafe class FFmpegError
{
    /// <summary>Returns <paramref name="result"/> when it is not negative; otherwise throws naming what failed.</summary>
    /// <param name="result">The native return value.</param>
    /// <param name="what">What was attempted and on which file/URL, e.g. "opening 'cam01.mp4'".</param>
    public static int Check(int result, string what)
    {
        if (result < 0)
            throw new MediaException($"{what} failed: {Message(result)}", result);
        return result;
    }

    /// <summary>FFmpeg's own text for an error code, e.g. "No such file or directory".</summary>
    public static string Message(int errorCode)
    {
        const int Size = 256; // longer than any av_strerror message
        byte* buffer = stackalloc byte[Size];
        if (LibAvUtil.StrError(errorCode, buffer, Size) < 0)
            return $"FFmpeg error {errorCode}";
        return Marshal.PtrToStringUTF8((nint)buffer) ?? $"FFmpeg error {errorCode}";
    }

    /// <summary>A UTF-8 C string owned by FFmpeg as a managed string ("" for null).</summary>
    public static string Utf8(byte* text) => text == null ? "" : Marshal.PtrToStringUTF8((nint)text) ?? "";
}
