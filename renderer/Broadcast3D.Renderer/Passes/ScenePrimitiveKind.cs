namespace Broadcast3D.Renderer.Passes;

/// <summary>The kinds of <see cref="ScenePrimitive"/>, numbered as the scene shader's <c>kind</c>.</summary>
public enum ScenePrimitiveKind
{
    /// <summary>A shaded cylinder (bone).</summary>
    Cylinder = 0,
    /// <summary>A shaded sphere (joint).</summary>
    Sphere = 1,
    /// <summary>A flat square of fixed pixel size.</summary>
    Marker = 2,
    /// <summary>A flat ribbon of fixed pixel width.</summary>
    Ribbon = 3,
}
