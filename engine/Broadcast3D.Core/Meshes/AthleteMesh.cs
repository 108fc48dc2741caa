namespace Broadcast3D.Core.Meshes;

/// <summary>
/// The body surface of one tracked athlete at one instant (issue #18): an indexed triangle mesh in the calibration's
/// world frame with one colour per vertex. Produced by the tracking side (visual hull carving) and consumed by the
/// renderer (orbit replay, virtual camera) and the exporters (OBJ, glTF). Immutable after construction and
/// therefore thread-safe; the arrays are owned by the mesh and must not be changed by whoever passed them in.
/// </summary>
public sealed class AthleteMesh
{
    /// <summary>Creates a mesh; the arrays are taken over, not copied.</summary>
    /// <param name="personId">The tracked person's id (the same id the skeleton carries).</param>
    /// <param name="positions">x, y, z per vertex in metres, world frame of the calibration.</param>
    /// <param name="colours">R, G, B, A per vertex, 8 bits each, straight (not premultiplied) alpha.</param>
    /// <param name="indices">Three vertex indices per triangle, counter-clockwise seen from outside the body.</param>
    /// <exception cref="ArgumentException">When the array lengths do not agree or an index is out of range.</exception>
    public AthleteMesh(int personId, float[] positions, byte[] colours, int[] indices)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(colours);
        ArgumentNullException.ThrowIfNull(indices);
        if (positions.Length % 3 != 0)
        {
            throw new ArgumentException($"positions holds {positions.Length} floats, not a multiple of 3 (x, y, z per vertex).", nameof(positions));
        }
        int vertices = positions.Length / 3;
        if (colours.Length != vertices * 4)
        {
            throw new ArgumentException($"colours holds {colours.Length} bytes for {vertices} vertices; expected {vertices * 4} (RGBA per vertex).", nameof(colours));
        }
        if (indices.Length % 3 != 0)
        {
            throw new ArgumentException($"indices holds {indices.Length} entries, not a multiple of 3 (one triple per triangle).", nameof(indices));
        }
        foreach (int index in indices)
        {
            if ((uint)index >= (uint)vertices)
            {
                throw new ArgumentException($"index {index} is outside the {vertices} vertices.", nameof(indices));
            }
        }
        PersonId = personId;
        Positions = positions;
        Colours = colours;
        Indices = indices;
    }

    /// <summary>The tracked person's id.</summary>
    public int PersonId { get; }

    /// <summary>x, y, z per vertex, metres, world frame.</summary>
    public ReadOnlyMemory<float> Positions { get; }

    /// <summary>R, G, B, A per vertex, 8 bits each, straight alpha.</summary>
    public ReadOnlyMemory<byte> Colours { get; }

    /// <summary>Three vertex indices per triangle, counter-clockwise seen from outside.</summary>
    public ReadOnlyMemory<int> Indices { get; }

    /// <summary>Number of vertices.</summary>
    public int VertexCount => Positions.Length / 3;

    /// <summary>Number of triangles.</summary>
    public int TriangleCount => Indices.Length / 3;
}
