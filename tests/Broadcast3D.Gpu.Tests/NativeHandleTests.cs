using System.Runtime.CompilerServices;
using Broadcast3D.Gpu.Interop.Egl;
using Broadcast3D.Renderer.Interop.FreeType;
using Broadcast3D.Renderer.Text;

namespace Broadcast3D.Gpu.Tests;

/// <summary>
/// Native objects are owned by SafeHandles: one that is never disposed is released by the finaliser, and disposing
/// twice releases once (issue #13).
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

    [Test]
    public void GpuDevice_NeverDisposed_ContextDestroyedByFinaliser()
    {
        long contexts = EglContextHandle.DestroyedCount;
        if (!CreateAndForgetDevice(out string error))
            Assert.Ignore($"no GPU device can be created here: {error}");
        CollectTwice();
        try
        {
            Assert.That(EglContextHandle.DestroyedCount - contexts, Is.EqualTo(1), "eglDestroyContext calls");
        }
        finally
        {
            // The forgotten context was still current on this thread: a device made and disposed here releases it.
            GpuDevice.Create().Dispose();
        }
    }

    [Test]
    public void GpuDevice_DisposedTwice_DestroysContextOnceAndTerminatesDisplay()
    {
        long contexts = EglContextHandle.DestroyedCount, displays = EglDisplayHandle.TerminatedCount;
        if (!GpuDevice.TryCreate(new GpuDeviceDescription(), out GpuDevice? device, out string error))
            Assert.Ignore($"no GPU device can be created here: {error}");
        device.Dispose();
        device.Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(EglContextHandle.DestroyedCount - contexts, Is.EqualTo(1));
            // No other device of this process is alive (fixtures run one at a time), so the display goes too.
            Assert.That(EglDisplayHandle.TerminatedCount - displays, Is.EqualTo(1));
        });
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void OpenAndForgetFace()
    {
        FreeTypeLibrary ft = FreeTypeLibrary.TryGet(out string error) ?? throw new AssertionException(error);
        var library = FreeTypeLibraryHandle.Create(ft);
        FreeTypeFaceHandle.Open(ft, library, FontFace.DefaultFontPath);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool CreateAndForgetDevice(out string error) => GpuDevice.TryCreate(new GpuDeviceDescription(), out _, out error);

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
