namespace Broadcast3D.Engine.Meshes;

/// <summary>The settings a <c>b3d mesh</c> run used.</summary>
public sealed record MeshSettingsReport(double VoxelMetres, double MarginMetres, int TriangleBudget, int SmoothingIterations,
    int AllowedMisses, string PoseModel, string Accelerator);
