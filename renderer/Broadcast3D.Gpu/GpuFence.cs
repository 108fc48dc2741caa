using Silk.NET.OpenGL;

namespace Broadcast3D.Gpu;

/// <summary>
/// Signals when the GPU has finished every command issued before it (e.g. a readback copy), so the CPU can
/// recycle a slot without stalling the pipeline. Owner-thread only; dispose after use.
/// </summary>
public sealed unsafe class GpuFence : IDisposable
{
    private readonly GpuDevice _device;
    private nint _sync;

    internal GpuFence(GpuDevice device, nint sync)
    {
        _device = device;
        _sync = sync;
    }

    /// <summary>True once the GPU passed the fence; never blocks.</summary>
    public bool IsSignaled => Wait(TimeSpan.Zero);

    /// <summary>Waits up to <paramref name="timeout"/>; true when signalled. Throws <see cref="GpuException"/> if the wait failed (lost context).</summary>
    public bool Wait(TimeSpan timeout)
    {
        _device.VerifyAccess();
        ObjectDisposedException.ThrowIf(_sync == 0, this);
        ulong nanoseconds = timeout <= TimeSpan.Zero ? 0 : (ulong)(timeout.Ticks * 100);
        GLEnum r = _device.Gl.ClientWaitSync(_sync, SyncObjectMask.Bit, nanoseconds);
        if (r == GLEnum.WaitFailed)
        {
            _device.Errors.Check("waiting on a fence");
            throw new GpuException("glClientWaitSync failed: the context may be lost");
        }
        return r == GLEnum.AlreadySignaled || r == GLEnum.ConditionSatisfied;
    }

    /// <summary>
    /// Replaces the fence with one after the commands issued so far, reusing this object (per-frame users keep
    /// their fences instead of allocating one each frame).
    /// </summary>
    public void Reinsert()
    {
        _device.VerifyAccess();
        ObjectDisposedException.ThrowIf(_sync == 0, this);
        nint sync = _device.Gl.FenceSync(SyncCondition.SyncGpuCommandsComplete, SyncBehaviorFlags.None);
        if (sync == 0)
            _device.Errors.Check("glFenceSync");
        _device.Gl.Flush();
        _device.Gl.DeleteSync(_sync);
        _sync = sync;
    }

    public void Dispose()
    {
        if (_sync == 0)
            return;
        _device.Gl.DeleteSync(_sync);
        _sync = 0;
    }
}
