using System.Runtime.CompilerServices;
using Broadcast3D.Renderer.Interop.FreeType;
using Broadcast3D.Renderer.Text;

namespace Broadcast3D.Renderer.Tests;

/// <summary>
/// The renderer's native objects (FreeType library and faces) are owned by SafeHandles: one that is never disposed
/// is released by the finaliser, and disposing twice releases once (issue #13). EGL's are in Gpu.Tests.
/// </summary>
[NonParallelizable]
public sealed class NativeHandleTests
{
    [Test]
    public void FreeTypeHandles_NeverDisposed_ReleasedByFinaliser()
    {
        long faces = FreeTypeFaceHandle.ReleasedCount, libraries = FreeTypeLibraryHandle.ReleasedCount;
        OpenAndForgetFace();
        CollectTwice();
        Assert.Multiple(() =>
        {
            Assert.That(FreeTypeFaceHandle.ReleasedCount - faces, Is.EqualTo(1), "FT_Done_Face calls");
            Assert.That(FreeTypeLibraryHandle.ReleasedCount - libraries, Is.EqualTo(1), "FT_Done_FreeType calls (after the face)");
        });
    }

    [Test]
    public void FontFace_DisposedTwice_ReleasesOnce()
    {
        long faces = FreeTypeFaceHandle.ReleasedCount, libraries = FreeTypeLibraryHandle.ReleasedCount;
        var face = FontFace.OpenDefault(20);
        face.Shape("Wałęsa");
        face.Dispose();
        face.Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(FreeTypeFaceHandle.ReleasedCount - faces, Is.EqualTo(1));
            Assert.That(FreeTypeLibraryHandle.ReleasedCount - libraries, Is.EqualTo(1));
        });
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void OpenAndForgetFace()
    {
        FreeTypeLibrary ft = FreeTypeLibrary.TryGet(out string error) ?? throw new AssertionException(error);
        var library = FreeTypeLibraryHandle.Create(ft);
        FreeTypeFaceHandle.Open(ft, library, FontFace.DefaultFontPath);
    }

    private static void CollectTwice()
    {
        // A face holds its library: the first pass finalises the face, which lets the library go in the second.
        for (int i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }
}
