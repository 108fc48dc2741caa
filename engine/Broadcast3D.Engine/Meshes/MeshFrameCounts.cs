namespace Broadcast3D.Engine.Meshes;

/// <summary>Frames of a <c>b3d mesh</c> run: asked, processed, meshed, skipped (reason → frames).</summary>
public sealed record MeshFrameCounts(int First, int Asked, int Processed, int Meshed, int Skipped, IReadOnlyDictionary<string, int> SkipReasons);
