using Broadcast3D.Tracking.Accelerators;

namespace Broadcast3D.Engine.Configuration;

/// <summary>
/// The <c>tracking</c> section: where the tracking kernels run (<c>tracking.accelerator</c>), what computes the
/// models' input crops (<c>tracking.preprocess</c>) and where the 3D comes from (<c>tracking.source</c>: this
/// process, or a fusion node on the bus at <c>tracking.bus</c>).
/// </summary>
/// <param name="Accelerator">Requested accelerator; <c>auto</c> is resolved when the pipeline starts.</param>
public sealed record TrackingConfig(TrackingAccelerator Accelerator)
{
    /// <summary>The section's defaults (<c>auto</c>, local tracking).</summary>
    public static TrackingConfig Default { get; } = new(TrackingAccelerator.Auto);

    /// <summary>Where the 3D comes from (default <see cref="TrackingSource.Local"/>).</summary>
    public TrackingSource Source { get; init; } = TrackingSource.Local;

    /// <summary>
    /// What crops and letterboxes the models' inputs (<c>auto|cuda|opencl|cpu|reference</c>, default <c>auto</c>: the
    /// ILGPU kernel on a CUDA or OpenCL GPU, else the C# reference); resolved when the pipeline starts.
    /// </summary>
    public TrackingAccelerator Preprocess { get; init; } = TrackingAccelerator.Auto;

    /// <summary>The bus URL (<c>nats://HOST:PORT</c>) when <see cref="Source"/> is <see cref="TrackingSource.Bus"/>; else null.</summary>
    public string? Bus { get; init; }
}
