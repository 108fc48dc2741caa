using Broadcast3D.Core.Diagnostics;

namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// <c>b3d doctor</c> items for the tracking kernels: the ILGPU version, each accelerator kind (CUDA, OpenCL, CPU)
/// with its device or the reason it is absent, and what <c>auto</c> picks. Only the CPU accelerator is required:
/// the others are optional speed.
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
        TrackingAccelerator auto = TrackingAccelerator.Reference;
        foreach (AcceleratorAvailability a in TrackingAccelerators.Probe())
        {
            string name = TrackingAccelerators.Name(a.Kind);
            if (a.Usable)
            {
                items.Add(DiagnosticItem.Ok(Category, name, $"{a.Device}, double precision", required: a.Kind == TrackingAccelerator.Cpu));
                if (auto == TrackingAccelerator.Reference && a.Kind != TrackingAccelerator.Cpu)
                {
                    auto = a.Kind;
                }
            }
            else
            {
                items.Add(DiagnosticItem.Warning(Category, name, a.Reason));
            }
        }

        items.Add(DiagnosticItem.Ok(Category, "auto", auto == TrackingAccelerator.Reference
            ? "reference (plain C#): no CUDA or OpenCL fp64 device, and ILGPU's CPU accelerator is slower than the reference"
            : $"{TrackingAccelerators.Name(auto)}", required: false));
        return items;
    }
}
