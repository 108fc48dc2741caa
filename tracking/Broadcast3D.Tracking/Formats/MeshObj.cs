using System.Globalization;
using System.Text;
using Broadcast3D.Core.Meshes;

namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// Wavefront OBJ of an <see cref="AthleteMesh"/> with vertex colours as the widespread extension
/// <c>v x y z r g b</c> (colour 0–1; read by MeshLab, Blender, Open3D), metres in the calibration's world frame
/// (Z up), faces counter-clockwise from outside, 1-based. Stateless; thread-safe.
/// </summary>
public static class MeshObj
{
    /// <summary>The OBJ text of <paramref name="mesh"/>.</summary>
    public static string Format(AthleteMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ReadOnlySpan<float> p = mesh.Positions.Span;
        ReadOnlySpan<byte> c = mesh.Colours.Span;
        ReadOnlySpan<int> ix = mesh.Indices.Span;
        var text = new StringBuilder(64 * (mesh.VertexCount + mesh.TriangleCount));
        CultureInfo inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"# Broadcast3D athlete mesh, person {mesh.PersonId}: {mesh.VertexCount} vertices, {mesh.TriangleCount} triangles; metres, world frame (Z up)\n");
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            text.Append(inv, $"v {p[v * 3]:0.#####} {p[(v * 3) + 1]:0.#####} {p[(v * 3) + 2]:0.#####} {c[v * 4] / 255.0:0.###} {c[(v * 4) + 1] / 255.0:0.###} {c[(v * 4) + 2] / 255.0:0.###}\n");
        }
        for (int t = 0; t < ix.Length; t += 3)
            text.Append(inv, $"f {ix[t] + 1} {ix[t + 1] + 1} {ix[t + 2] + 1}\n");
        return text.ToString();
    }

    /// <summary>Writes <paramref name="mesh"/> to <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(AthleteMesh mesh, string path) => File.WriteAllText(path, Format(mesh));
}
