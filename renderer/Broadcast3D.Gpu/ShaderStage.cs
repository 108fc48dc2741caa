namespace Broadcast3D.Gpu;

/// <summary>Pipeline stage of a shader, given by its file extension (.vert, .frag, .comp).</summary>
public enum ShaderStage
{
    Vertex,
    Fragment,
    Compute,
}
