using System.Numerics;
using Broadcast3D.Core.Meshes;

namespace Broadcast3D.TestSupport;

/// <summary>
/// A closed, coloured test mesh for the renderer's mesh tests (issue #18): an ellipsoid tessellated in rings from the
/// top pole to the bottom one, counter-clockwise seen from outside as <see cref="AthleteMesh"/> requires. A test input
/// with a known shape (its silhouette is the hull of its projected vertices, its normals are known), not a stand-in
/// for the carving.
/// </summary>
public static class EllipsoidMesh
{
    /// <summary>
    /// <paramref name="rings"/> bands from pole to pole, <paramref name="slices"/> around: (rings − 1) × slices + 2
    /// vertices and 2 × slices × (rings − 1) triangles. <paramref name="colour"/> gets each vertex's direction from the
    /// centre on the unit sphere (x, y, z before scaling by <paramref name="radii"/>) and returns its RGBA.
    /// </summary>
    public static AthleteMesh Create(int personId, Vector3 centre, Vector3 radii, int rings, int slices,
        Func<Vector3, (byte R, byte G, byte B, byte A)> colour)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rings, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 3);
        ArgumentNullException.ThrowIfNull(colour);
        int vertices = ((rings - 1) * slices) + 2;
        var positions = new float[vertices * 3];
        var colours = new byte[vertices * 4];
        var indices = new int[2 * slices * (rings - 1) * 3];
        void Put(int v, Vector3 unit)
        {
            Vector3 p = centre + (unit * radii);
            (positions[v * 3], positions[(v * 3) + 1], positions[(v * 3) + 2]) = (p.X, p.Y, p.Z);
            (colours[v * 4], colours[(v * 4) + 1], colours[(v * 4) + 2], colours[(v * 4) + 3]) = colour(unit);
        }
        int top = 0, bottom = vertices - 1;
        Put(top, Vector3.UnitZ);
        Put(bottom, -Vector3.UnitZ);
        // Ring i (1 … rings − 1) at polar angle π i / rings from the top; slice j at azimuth 2π j / slices.
        int Ring(int i, int j) => 1 + ((i - 1) * slices) + (j % slices);
        for (int i = 1; i < rings; i++)
        {
            float phi = MathF.PI * i / rings;
            for (int j = 0; j < slices; j++)
            {
                float theta = 2 * MathF.PI * j / slices;
                Put(Ring(i, j), new Vector3(MathF.Sin(phi) * MathF.Cos(theta), MathF.Sin(phi) * MathF.Sin(theta), MathF.Cos(phi)));
            }
        }
        int n = 0;
        void Triangle(int a, int b, int c) => (indices[n++], indices[n++], indices[n++]) = (a, b, c);
        // Going down (growing polar angle) then round (growing azimuth) is counter-clockwise seen from outside.
        for (int j = 0; j < slices; j++)
        {
            Triangle(top, Ring(1, j), Ring(1, j + 1));
            for (int i = 1; i < rings - 1; i++)
            {
                Triangle(Ring(i, j), Ring(i + 1, j), Ring(i + 1, j + 1));
                Triangle(Ring(i, j), Ring(i + 1, j + 1), Ring(i, j + 1));
            }
            Triangle(Ring(rings - 1, j), bottom, Ring(rings - 1, j + 1));
        }
        return new AthleteMesh(personId, positions, colours, indices);
    }
}
