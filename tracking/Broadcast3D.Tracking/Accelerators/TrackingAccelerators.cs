using System.Runtime.InteropServices;
using Broadcast3D.Tracking.Triangulation;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// Parsing, probing and choosing of <see cref="TrackingAccelerator"/>. <c>auto</c> takes CUDA, then OpenCL with
/// fp64, then the plain C# reference: ILGPU's CPU accelerator emulates GPU threads with OS threads and is slower
/// than the reference (docs/ilgpu.md), so it runs only when asked for (<c>cpu</c>). An explicitly requested
/// accelerator that is missing is an error naming the option and what is available. OpenCL devices without
/// double precision are used only as <c>opencl-float</c>: the default kernels compute in double so that they agree
/// with the reference to 1e-9 m, the <c>-float</c> kinds trade that for float's 2e-6 m. Thread-safe (stateless).
/// </summary>
public static class TrackingAccelerators
{
    /// <summary>The spellings accepted by <see cref="TryParse"/>, in the order shown to users.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "cuda", "opencl", "cpu", "reference", "cuda-float", "opencl-float", "cpu-float"];

    /// <summary>Parses a lower-case name (<c>auto|cuda|opencl|cpu|reference|cuda-float|opencl-float|cpu-float</c>); false for anything else.</summary>
    public static bool TryParse(string? text, out TrackingAccelerator accelerator)
    {
        accelerator = text switch
        {
            "auto" => TrackingAccelerator.Auto,
            "cuda" => TrackingAccelerator.Cuda,
            "opencl" => TrackingAccelerator.OpenCL,
            "cpu" => TrackingAccelerator.Cpu,
            "reference" => TrackingAccelerator.Reference,
            "cuda-float" => TrackingAccelerator.CudaFloat,
            "opencl-float" => TrackingAccelerator.OpenCLFloat,
            "cpu-float" => TrackingAccelerator.CpuFloat,
            _ => (TrackingAccelerator)(-1),
        };
        return accelerator >= TrackingAccelerator.Auto;
    }

    /// <summary>The lower-case name of <paramref name="accelerator"/>.</summary>
    public static string Name(TrackingAccelerator accelerator) => Names[(int)accelerator];

    /// <summary>True for the <c>-float</c> kinds, whose triangulation kernel computes in single precision.</summary>
    public static bool IsSinglePrecision(TrackingAccelerator accelerator) =>
        accelerator is TrackingAccelerator.CudaFloat or TrackingAccelerator.OpenCLFloat or TrackingAccelerator.CpuFloat;

    /// <summary>The device kind of <paramref name="accelerator"/>: a <c>-float</c> kind runs on the device of its double kind.</summary>
    public static TrackingAccelerator Device(TrackingAccelerator accelerator) => accelerator switch
    {
        TrackingAccelerator.CudaFloat => TrackingAccelerator.Cuda,
        TrackingAccelerator.OpenCLFloat => TrackingAccelerator.OpenCL,
        TrackingAccelerator.CpuFloat => TrackingAccelerator.Cpu,
        _ => accelerator,
    };

    /// <summary>
    /// Looks for every ILGPU accelerator kind (CUDA, OpenCL, CPU) and says for each whether the kernels can run
    /// there, or why not. Loads the vendor drivers when present; takes tens of milliseconds.
    /// </summary>
    public static IReadOnlyList<AcceleratorAvailability> Probe()
    {
        using Context context = Context.Create(builder => builder.Default());
        return
        [
            ProbeCuda(context),
            ProbeOpenCL(context),
            new AcceleratorAvailability(TrackingAccelerator.Cpu, true, context.GetCPUDevices()[0].Name, string.Empty),
        ];
    }

    /// <summary>
    /// Resolves <paramref name="requested"/> to the accelerator that will run: never <see cref="TrackingAccelerator.Auto"/>.
    /// </summary>
    /// <param name="requested">The user's choice.</param>
    /// <param name="optionName">How the user spelled the setting (<c>--accelerator</c>, <c>tracking.accelerator</c>), for the error.</param>
    /// <exception cref="AcceleratorUnavailableException">The requested accelerator is not usable here; the message
    /// names the option, the reason and the usable choices.</exception>
    public static TrackingAccelerator Resolve(TrackingAccelerator requested, string optionName)
    {
        if (requested is TrackingAccelerator.Reference or TrackingAccelerator.Cpu or TrackingAccelerator.CpuFloat)
        {
            return requested;
        }

        if (requested == TrackingAccelerator.Auto && !AnyGpuRuntime())
        {
            // Creating ILGPU's first context costs hundreds of milliseconds of start-up; without a CUDA driver or
            // an OpenCL platform it could only end in the reference, so it is not created at all.
            return TrackingAccelerator.Reference;
        }

        IReadOnlyList<AcceleratorAvailability> found = Probe();
        if (requested == TrackingAccelerator.Auto)
        {
            foreach (AcceleratorAvailability a in found)
            {
                if (a.Usable && a.Kind is TrackingAccelerator.Cuda or TrackingAccelerator.OpenCL)
                {
                    return a.Kind;
                }
            }

            return TrackingAccelerator.Reference;
        }

        AcceleratorAvailability wanted = found.First(a => a.Kind == Device(requested));

        // A float kernel needs no double: an OpenCL device refused for lacking fp64 (it is named) serves opencl-float.
        if (!wanted.Usable && !(requested == TrackingAccelerator.OpenCLFloat && wanted.Device is not null))
        {
            IEnumerable<string> usable = found.Where(a => a.Usable).Select(a => Name(a.Kind)).Append("reference").Prepend("auto");
            throw new AcceleratorUnavailableException(
                optionName, $"{optionName} {Name(requested)}: {wanted.Reason}; available here: {string.Join(", ", usable)}.");
        }

        return requested;
    }

    /// <summary>
    /// The triangulator of a resolved accelerator: the plain C# <see cref="Triangulator"/> for
    /// <see cref="TrackingAccelerator.Reference"/>, else an <see cref="IlgpuTriangulator{T}"/> on its own device, in
    /// float for the <c>-float</c> kinds and in double otherwise, sized for <paramref name="maxPoints"/> points of <paramref name="cameras"/> cameras. The caller disposes it.
    /// </summary>
    /// <exception cref="ArgumentException"><see cref="TrackingAccelerator.Auto"/> (resolve it first), or no such device.</exception>
    public static IBatchTriangulator CreateTriangulator(TrackingAccelerator resolved, TriangulationSettings settings, int maxPoints, int cameras)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return resolved switch
        {
            TrackingAccelerator.Auto => throw new ArgumentException("resolve 'auto' with TrackingAccelerators.Resolve first", nameof(resolved)),
            TrackingAccelerator.Reference => new Triangulator(settings),
            _ when IsSinglePrecision(resolved) => IlgpuTriangulator<float>.Create(resolved, settings, maxPoints, cameras),
            _ => IlgpuTriangulator<double>.Create(resolved, settings, maxPoints, cameras),
        };
    }

    /// <summary>Creates the ILGPU context and accelerator of a resolved, usable <paramref name="kind"/> (CUDA, OpenCL or CPU).</summary>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not an ILGPU accelerator, or no such device exists.</exception>
    internal static (Context Context, Accelerator Accelerator) Create(TrackingAccelerator kind)
    {
        Context context = kind switch
        {
            TrackingAccelerator.Cuda or TrackingAccelerator.CudaFloat => Context.Create(b => b.Cuda().Optimize(OptimizationLevel.O1)),
            TrackingAccelerator.OpenCL => Context.Create(b => b.OpenCL(d => d.Capabilities.Float64).Optimize(OptimizationLevel.O1)),
            TrackingAccelerator.OpenCLFloat => Context.Create(b => b.OpenCL().Optimize(OptimizationLevel.O1)),
            TrackingAccelerator.Cpu or TrackingAccelerator.CpuFloat => Context.Create(b => b.CPU().Optimize(OptimizationLevel.O1)),
            _ => throw new ArgumentException($"{kind} is not an ILGPU accelerator", nameof(kind)),
        };
        try
        {
            Accelerator accelerator = Device(kind) switch
            {
                TrackingAccelerator.Cuda when context.GetCudaDevices().Count > 0 => context.CreateCudaAccelerator(0),
                TrackingAccelerator.OpenCL when context.GetCLDevices().Count > 0 => context.CreateCLAccelerator(0),
                TrackingAccelerator.Cpu => context.CreateCPUAccelerator(0, CPUAcceleratorMode.Parallel),
                _ => throw new ArgumentException($"no {Name(Device(kind))} device found", nameof(kind)),
            };
            return (context, accelerator);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    // True when a CUDA driver loads or the OpenCL loader reports at least one platform: the cheap native check
    // behind auto's fast path (the full answer is Probe's).
    private static unsafe bool AnyGpuRuntime()
    {
        if (NativeLibrary.TryLoad("libcuda.so.1", out IntPtr cuda))
        {
            NativeLibrary.Free(cuda);
            return true;
        }

        if (!NativeLibrary.TryLoad("libOpenCL.so.1", out IntPtr openCL))
        {
            return false;
        }

        try
        {
            if (!NativeLibrary.TryGetExport(openCL, "clGetPlatformIDs", out IntPtr address))
            {
                return false;
            }

            // cl_int clGetPlatformIDs(cl_uint num_entries, cl_platform_id* platforms, cl_uint* num_platforms)
            var getPlatformIds = (delegate* unmanaged<uint, IntPtr*, uint*, int>)address;
            uint platforms = 0;
            return getPlatformIds(0, null, &platforms) == 0 && platforms > 0;
        }
        finally
        {
            NativeLibrary.Free(openCL);
        }
    }

    private static AcceleratorAvailability ProbeCuda(Context context)
    {
        if (context.GetCudaDevices().Count > 0)
        {
            return new AcceleratorAvailability(TrackingAccelerator.Cuda, true, context.GetCudaDevices()[0].Name, string.Empty);
        }

        string reason = NativeLibrary.TryLoad("libcuda.so.1", out IntPtr handle)
            ? "the CUDA driver (libcuda.so.1) loads but reports no device"
            : "no CUDA driver (libcuda.so.1 not found: no NVIDIA GPU or driver on this machine)";
        if (handle != IntPtr.Zero)
        {
            NativeLibrary.Free(handle);
        }

        return new AcceleratorAvailability(TrackingAccelerator.Cuda, false, null, reason);
    }

    private static AcceleratorAvailability ProbeOpenCL(Context context)
    {
        var devices = context.GetCLDevices();
        foreach (CLDevice device in devices)
        {
            if (device.Capabilities.Float64)
            {
                return new AcceleratorAvailability(TrackingAccelerator.OpenCL, true, device.Name, string.Empty);
            }
        }

        if (devices.Count > 0)
        {
            return new AcceleratorAvailability(TrackingAccelerator.OpenCL, false, devices[0].Name,
                $"{devices[0].Name} has no double precision (cl_khr_fp64), which the kernels need to match the reference; opencl-float runs the triangulation on it in single precision");
        }

        string reason = NativeLibrary.TryLoad("libOpenCL.so.1", out IntPtr handle)
            ? "the OpenCL loader (libOpenCL.so.1) finds no platform with a GPU device (ILGPU needs OpenCL 2.0+ or 3.0 with generic address space)"
            : "no OpenCL loader (libOpenCL.so.1 not found: install the GPU vendor's OpenCL driver)";
        if (handle != IntPtr.Zero)
        {
            NativeLibrary.Free(handle);
        }

        return new AcceleratorAvailability(TrackingAccelerator.OpenCL, false, null, reason);
    }
}
