namespace Broadcast3D.Engine.Configuration;

/// <summary>
/// The <c>replay</c> section: a replay channel beside the programme, at the programme's frame rate and size, playing
/// clips of the recording (the <c>record</c> section, required) to its own outputs (absent: no replay channel).
/// </summary>
/// <param name="Outputs">Where the replay goes: the same kinds as the programme's <c>outputs</c> (NDI, file, stream); at least one.</param>
public sealed record ReplayConfig(IReadOnlyList<OutputConfig> Outputs);
