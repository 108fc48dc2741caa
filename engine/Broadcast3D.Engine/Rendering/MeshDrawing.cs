namespace Broadcast3D.Engine.Rendering;

/// <summary>
/// How a view draws athlete meshes (issue #18) in place of the body capsules: their source, and whether the skeleton
/// is drawn on top of them (through the body, so the joints stay readable). Immutable.
/// </summary>
/// <param name="Source">The meshes of each frame.</param>
/// <param name="SkeletonOnTop">Draw the skeleton over the meshes (the depth is cleared first, so no mesh hides it).</param>
public sealed record MeshDrawing(IAthleteMeshSource Source, bool SkeletonOnTop = false);
