using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Configuration;

/// <summary>
/// A validated pipeline description (what <c>b3d run CONFIG</c> runs), loaded by
/// <see cref="PipelineConfigLoader"/>. Relative paths are already resolved against the config file's folder.
/// </summary>
public sealed record PipelineConfig(
    FrameRate FrameRate,
    string CalibrationPath,
    IReadOnlyList<CameraConfig> Cameras,
    ModelConfig Models,
    IReadOnlyList<OutputConfig> Outputs,
    OverlayConfig Overlay,
    int DelayFrames,
    ProgramConfig Program)
{
    /// <summary>Camera sync settings (the <c>sync</c> section; defaults when absent).</summary>
    public SyncConfig Sync { get; init; } = SyncConfig.Default;

    /// <summary>Tracking settings (the <c>tracking</c> section; defaults when absent).</summary>
    public TrackingConfig Tracking { get; init; } = TrackingConfig.Default;

    /// <summary>The control API (the <c>control</c> section); null when absent: no control server runs.</summary>
    public ControlConfig? Control { get; init; }
}
