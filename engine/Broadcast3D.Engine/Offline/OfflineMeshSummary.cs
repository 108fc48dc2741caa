using Broadcast3D.Engine.Meshes;

namespace Broadcast3D.Engine.Offline;

/// <summary>
/// The athletes' meshes of an offline run's orbit replay (issue #18), in <c>summary.json</c>: the settings, what
/// was meshed and skipped (per 3D person and frame set, with reasons), each camera's part and the time it took on
/// this machine. Immutable.
/// </summary>
/// <param name="VoxelMetres">Carving voxel edge, metres.</param>
/// <param name="TriangleBudget">Most triangles per mesh.</param>
/// <param name="AllowedMisses">Cameras that may disagree when four or more carve.</param>
/// <param name="Carving">Where the carving ran.</param>
/// <param name="FramesWithMesh">Frame sets whose orbit picture shows the exported athlete's mesh (the others show the capsules).</param>
/// <param name="PeopleMeshed">Meshes built (3D people × frame sets).</param>
/// <param name="PeopleSkipped">3D people × frame sets not meshed (and frame sets without a 3D person).</param>
/// <param name="SkipReasons">Why, with how often.</param>
/// <param name="Cameras">Per camera: frames carved, without a mask, partly outside the picture, left out otherwise.</param>
/// <param name="CarveMilliseconds">Median carving time per mesh (null: none built).</param>
/// <param name="SurfaceAndColourMilliseconds">Median surface + colour time per mesh (null: none built).</param>
/// <param name="Seconds">Wall time of all the meshing in the tracking pass.</param>
/// <param name="NotCarved">Why no mesh was carved at all (e.g. tracking over the bus), or null.</param>
public sealed record OfflineMeshSummary(double VoxelMetres, int TriangleBudget, int AllowedMisses, string Carving, int FramesWithMesh,
    int PeopleMeshed, int PeopleSkipped, IReadOnlyDictionary<string, int> SkipReasons, IReadOnlyList<MeshCameraCounts> Cameras,
    double? CarveMilliseconds, double? SurfaceAndColourMilliseconds, double Seconds, string? NotCarved);
