namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// Where the tracking kernels (triangulation, crop preprocessing) run. Spelled in lower case on the command line
/// (<c>--accelerator</c>) and in the run configuration (<c>tracking.accelerator</c>); see
/// <see cref="TrackingAccelerators"/>. The <c>-float</c> kinds run the triangulation kernel in single precision on
/// the same device (within 2e-6 m of the double reference; docs/ilgpu.md): for GPUs whose double throughput is a
/// small fraction of their float throughput, or OpenCL devices with no double at all. <c>auto</c> never picks them.
/// </summary>
public enum TrackingAccelerator
{
    /// <summary>CUDA, else OpenCL with double precision, else the plain C# reference (faster than ILGPU's CPU emulation).</summary>
    Auto,

    /// <summary>ILGPU on the first CUDA device (double precision).</summary>
    Cuda,

    /// <summary>ILGPU on the first OpenCL device with double precision (cl_khr_fp64).</summary>
    OpenCL,

    /// <summary>ILGPU's CPU accelerator: GPU threads emulated on CPU threads; for testing the kernels, not for speed.</summary>
    Cpu,

    /// <summary>The plain C# code (<see cref="Triangulation.Triangulator"/>, <see cref="Preprocessing.ImagePreprocessor"/>).</summary>
    Reference,

    /// <summary>As <see cref="Cuda"/>, triangulating in single precision.</summary>
    CudaFloat,

    /// <summary>ILGPU on the first OpenCL device, with or without double precision, triangulating in single precision.</summary>
    OpenCLFloat,

    /// <summary>As <see cref="Cpu"/>, triangulating in single precision (how the float kernel is tested without a GPU).</summary>
    CpuFloat,
}
