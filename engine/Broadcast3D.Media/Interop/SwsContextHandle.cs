namespace Broadcast3D.Media.Interop;

/// <summary>
/// A <c>SwsContext</c>; released by sws_freeContext. sws_getCachedContext may free the context and return another:
/// <see cref="Replace"/> then takes the new pointer (the old one is already gone).
/// </summary>
internal sealed class SwsContextHandle() : FFmpegHandle(0)
{
    public nint Pointer => handle;

    /// <summary>Takes <paramref name="context"/> as returned by sws_getCachedContext for the current one.</summary>
    public void Replace(nint context) => SetHandle(context);

    protected override void Free(nint pointer)
    {
        LibSwScale.FreeContext(pointer);
    }
}
