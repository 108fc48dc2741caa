namespace Broadcast3D.Engine.Configuration;

/// <summary>
/// The <c>replay</c> section: a replay channel beside the programme, at the programme's frame rate and size, playing
/// clips of the recording (the <c>record</c> section, required) to its own outputs (absent: no replay channel).
/// </summary>
/// <param name="Outputs">Where the replay goes: the same kinds as the programme's <c>outputs</c> (NDI, file, stream); at least one.</param>
public sealed record ReplayConfig(IReadOnlyList<OutputConfig> Outputs)
{
    /// <summary>Default voxel edge of the replay's meshes, metres (the demo's and the export's: docs/mesh.md).</summary>
    public const double DefaultMeshVoxelMetres = 0.03;

    /// <summary>
    /// <c>replay.mesh</c>: <c>carved</c> (true, the default) builds each cued clip's athlete meshes off the channel
    /// thread for the virtual camera (issue #18); <c>none</c> (false) draws capsules. A cue may override it.
    /// </summary>
    public bool Mesh { get; init; } = true;

    /// <summary><c>replay.meshVoxel</c>: voxel edge of the carving, metres (0.005–0.2).</summary>
    public double MeshVoxelMetres { get; init; } = DefaultMeshVoxelMetres;
}
