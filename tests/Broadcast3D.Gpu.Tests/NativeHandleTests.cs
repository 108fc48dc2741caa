using System.Runtime.CompilerServices;
using Broadcast3D.Gpu.Interop.Egl;

namespace Broadcast3D.Gpu.Tests;

/// <summary>
/// The device's native objects (EGL display and context) are owned by SafeHandles: one that is never disposed is
/// released by the finaliser, and disposing twice releases once (issue #13). FreeType's are in Renderer.Tests.
/// </summary>
[NonParallelizable]
public sealed class NativeHandleTests
{
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
    private static bool CreateAndForgetDevice(out string error) => GpuDevice.TryCreate(new GpuDeviceDescription(), out _, out error);

    private static void CollectTwice()
    {
        // Twice: a handle finalised in the first pass may release the last reference to another one.
        for (int i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }
}
