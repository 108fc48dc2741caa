namespace Broadcast3D.Gpu;

/// <summary>How vertices of a draw are assembled.</summary>
public enum PrimitiveTopology
{
    Triangles,
    TriangleStrip,
    Lines,
    LineStrip,
    Points,
}
