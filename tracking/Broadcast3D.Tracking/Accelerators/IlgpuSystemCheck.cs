using Broadcast3D.Core.Diagnostics;

namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// <c>b3d doctor</c> items for the tracking kernels: the ILGPU version; every accelerator kind that
/// <c>--accelerator</c>/<c>tracking.accelerator</c> accepts (cuda, opencl, cpu, reference and the <c>-float</c>
/// kinds) with its device or why it is not usable here; what <c>auto</c> picks for the triangulation; and what
/// <c>auto</c> picks for the models' input crops (<c>--preprocess</c>/<c>tracking.preprocess</c>). Only the CPU
/// accelerator and the reference are required: the GPU kinds are optional speed.
/// </summary>
public sealed class IlgpuSystemCheck : ISystemCheck
{
    private const string Category = "ILGPU";

    public IReadOnlyList<DiagnosticItem> Run()
    {
        var items = new List<DiagnosticItem>
        {
            DiagnosticItem.Ok(Category, "library", typeof(ILGPU.Context).Assembly.GetName().Version?.ToString(3) ?? "unknown version"),
        };
        IReadOnlyList<AcceleratorAvailability> found = TrackingAccelerators.Probe();
        TrackingAccelerator auto = TrackingAccelerator.Reference;
        string? autoDevice = null;
        foreach (AcceleratorAvailability a in found)
        {
            string name = TrackingAccelerators.Name(a.Kind);
            if (a.Usable)
            {
                items.Add(DiagnosticItem.Ok(Category, name, $"{a.Device}, double precision", required: a.Kind == TrackingAccelerator.Cpu));
                // The order of Probe is auto's order: CUDA, then OpenCL; the CPU accelerator is never auto's.
                if (auto == TrackingAccelerator.Reference && a.Kind != TrackingAccelerator.Cpu)
                {
                    auto = a.Kind;
                    autoDevice = a.Device;
                }
            }
            else
            {
                items.Add(DiagnosticItem.Warning(Category, name, a.Reason));
            }
        }

        items.Add(DiagnosticItem.Ok(Category, "reference", "plain C# on the calling thread (always available)"));
        foreach (AcceleratorAvailability a in found)
        {
            items.Add(FloatItem(a));
        }

        items.Add(DiagnosticItem.Ok(Category, "auto", auto == TrackingAccelerator.Reference
            ? "reference (plain C#): no CUDA or OpenCL fp64 device, and ILGPU's CPU accelerator is slower than the reference"
            : $"{TrackingAccelerators.Name(auto)} ({autoDevice})", required: false));
        items.Add(DiagnosticItem.Ok(Category, "preprocess auto", auto == TrackingAccelerator.Reference
            ? "reference (plain C# crops): no CUDA or OpenCL fp64 GPU, and the crop kernel on ILGPU's CPU accelerator is ~117x slower than the reference"
            : $"the ILGPU crop kernel on {TrackingAccelerators.Name(auto)} ({autoDevice}), copied to the host for ONNX Runtime", required: false));
        return items;
    }

    // A -float kind runs on the device of its double kind; an OpenCL device without fp64 still serves opencl-float.
    private static DiagnosticItem FloatItem(AcceleratorAvailability a)
    {
        TrackingAccelerator kind = a.Kind switch
        {
            TrackingAccelerator.Cuda => TrackingAccelerator.CudaFloat,
            TrackingAccelerator.OpenCL => TrackingAccelerator.OpenCLFloat,
            _ => TrackingAccelerator.CpuFloat,
        };
        string name = TrackingAccelerators.Name(kind);
        bool usable = a.Usable || (kind == TrackingAccelerator.OpenCLFloat && a.Device is not null);
        return usable
            ? DiagnosticItem.Ok(Category, name, $"{a.Device}, triangulation in single precision", required: kind == TrackingAccelerator.CpuFloat)
            : DiagnosticItem.Warning(Category, name, a.Reason);
    }
}
