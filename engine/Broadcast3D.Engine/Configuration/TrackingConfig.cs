using Broadcast3D.Tracking.Accelerators;

namespace Broadcast3D.Engine.Configuration;

/// <summary>The <c>tracking</c> section: where the tracking kernels run (<c>tracking.accelerator</c>).</summary>
/// <param name="Accelerator">Requested accelerator; <c>auto</c> is resolved when the pipeline starts.</param>
public sealed record TrackingConfig(TrackingAccelerator Accelerator)
{
    /// <summary>The section's defaults (<c>auto</c>).</summary>
    public static TrackingConfig Default { get; } = new(TrackingAccelerator.Auto);
}
