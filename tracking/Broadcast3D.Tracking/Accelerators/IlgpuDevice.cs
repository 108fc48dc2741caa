using ILGPU;
using ILGPU.Runtime;

namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// An ILGPU context and accelerator (CUDA, OpenCL or CPU) shared by the tracking kernels' hosts. Creating one
/// loads the driver and takes tens of milliseconds; kernels compile on first use. Owned by its creator;
/// use it from one thread at a time.
/// </summary>
public sealed class IlgpuDevice : IDisposable
{
    private readonly Context _context;

    private IlgpuDevice(TrackingAccelerator kind, Context context, Accelerator accelerator)
    {
        Kind = kind;
        _context = context;
        Accelerator = accelerator;
    }

    /// <summary>CUDA, OpenCL or CPU.</summary>
    public TrackingAccelerator Kind { get; }

    /// <summary>The device's name as the driver reports it.</summary>
    public string Name => Accelerator.Name;

    /// <summary>The ILGPU accelerator; owned by this instance.</summary>
    internal Accelerator Accelerator { get; }

    /// <summary>Opens the first device of <paramref name="kind"/> (resolve <c>auto</c> first with <see cref="TrackingAccelerators.Resolve"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not CUDA, OpenCL or CPU, or no such device exists.</exception>
    public static IlgpuDevice Open(TrackingAccelerator kind)
    {
        (Context context, Accelerator accelerator) = TrackingAccelerators.Create(kind);
        return new IlgpuDevice(kind, context, accelerator);
    }

    public void Dispose()
    {
        Accelerator.Dispose();
        _context.Dispose();
    }
}
