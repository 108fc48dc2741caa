using Broadcast3D.Core.Diagnostics;

namespace Broadcast3D.Engine.Diagnostics;

/// <summary>Runs every project's <see cref="ISystemCheck"/> in a fixed order for <c>b3d doctor</c>.</summary>
public static class SystemDoctor
{
    /// <summary>The checks, in the order they are shown.</summary>
    public static IReadOnlyList<ISystemCheck> Checks { get; } =
    [
        new RuntimeCheck(),
        new Broadcast3D.Media.FFmpegCheck(),
        new Broadcast3D.Tracking.Inference.OnnxRuntimeCheck(),
        new Broadcast3D.Tracking.Accelerators.IlgpuSystemCheck(),
        new Broadcast3D.Gpu.Diagnostics.GpuSystemCheck(),
        new Broadcast3D.Renderer.Diagnostics.FontSystemCheck(),
        new Broadcast3D.Ndi.Diagnostics.NdiSystemCheck(),
        new AssetsCheck(),
    ];

    /// <summary>Runs all checks; a check that throws is reported as missing rather than aborting the others.</summary>
    public static IReadOnlyList<DiagnosticItem> RunAll()
    {
        var items = new List<DiagnosticItem>();
        foreach (ISystemCheck check in Checks)
        {
            try
            {
                items.AddRange(check.Run());
            }
            catch (Exception ex)
            {
                items.Add(DiagnosticItem.Missing(check.GetType().Name, "check", $"the check itself failed: {ex.Message}"));
            }
        }
        return items;
    }
}
