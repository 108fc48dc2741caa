using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Configuration;

/// <summary>
/// A validated pipeline description (what <c>b3d run CONFIG</c> runs), loaded by
/// <see cref="PipelineConfigLoader"/>. Relative paths are already resolved against the config file's folder.
/// <see cref="DelayFrames"/> is the programme delay in frames when fixed, the starting delay (0) when
/// <see cref="AutoDelay"/>.
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

    /// <summary>
    /// Default bound of the automatic delay, frames: 2 s at 60 fps, above the ~1.2 s (tracking latency + one
    /// tracking interval) that CPU-only tracking of 4 cameras needs on a loaded 2-core machine (docs/delay.md).
    /// </summary>
    public const int DefaultMaxDelayFrames = 120;

    /// <summary>
    /// True (<c>"delayFrames": "auto"</c>, the default): the delay is chosen from the measured tracking latency plus
    /// one tracking interval during warm-up and follows it slowly on air (<see cref="Channels.ProgrammeDelay"/>).
    /// </summary>
    public bool AutoDelay { get; init; }

    /// <summary>Longest delay the line holds, frames (<c>maxDelayFrames</c> when automatic; the fixed delay otherwise).</summary>
    public int MaxDelayFrames { get; init; } = DefaultMaxDelayFrames;

    /// <summary>Tracking settings (the <c>tracking</c> section; defaults when absent).</summary>
    public TrackingConfig Tracking { get; init; } = TrackingConfig.Default;

    /// <summary>Plugin folders, settings and budget (the <c>plugins</c> section; none when absent).</summary>
    public PluginsConfig Plugins { get; init; } = PluginsConfig.Default;

    /// <summary>Recording for replay (the <c>record</c> section); null: nothing is recorded.</summary>
    public RecordConfig? Record { get; init; }

    /// <summary>The replay channel (the <c>replay</c> section); null: none.</summary>
    public ReplayConfig? Replay { get; init; }

    /// <summary>The control API (the <c>control</c> section); null when absent: no control server runs.</summary>
    public ControlConfig? Control { get; init; }

    /// <summary>Data protection (the <c>privacy</c> section; defaults when absent: see <see cref="PrivacyConfig.Default"/>).</summary>
    public PrivacyConfig Privacy { get; init; } = PrivacyConfig.Default(".");
}
