namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// Where the tracking kernels (triangulation, crop preprocessing) run. Spelled in lower case on the command line
/// (<c>--accelerator</c>) and in the run configuration (<c>tracking.accelerator</c>); see
/// <see cref="TrackingAccelerators"/>.
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
}
