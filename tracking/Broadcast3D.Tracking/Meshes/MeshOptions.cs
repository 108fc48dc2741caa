namespace Broadcast3D.Tracking.Meshes;

/// <summary>
/// Settings of the athlete meshes (issue #18).
/// </summary>
/// <param name="VoxelMetres">Edge of a carving voxel, metres (1 cm: fingers and feet stay recognisable, a 2 m
/// athlete is about 3 million voxels).</param>
/// <param name="MarginMetres">Added on every side of the 3D skeleton's box: the markers are joint centres, the skin
/// and hair reach ~10–15 cm past them (head top, hands, heels).</param>
/// <param name="MaxBoxMetres">Longest side the skeleton's box may have; beyond it the skeleton is taken for
/// garbage (a mis-association) and the frame gets no mesh.</param>
/// <param name="TriangleBudget">Most triangles per mesh after decimation.</param>
/// <param name="SmoothingIterations">Taubin smoothing passes over the surface (0 keeps the voxel steps).</param>
/// <param name="MinCameras">Fewest cameras with a mask of the person to carve at all (two views bound a hull; one
/// does not).</param>
/// <param name="AllowedMisses">Cameras that may see a voxel outside the person's mask while it is kept, when four or
/// more cameras carve (with fewer, none may): robustness against one camera's mask missing a limb, at the price of a
/// hull that reaches past that camera's silhouette where only it disagrees.</param>
public sealed record MeshOptions(double VoxelMetres = 0.01, double MarginMetres = 0.15, double MaxBoxMetres = 3.0,
    int TriangleBudget = 20000, int SmoothingIterations = 4, int MinCameras = 2, int AllowedMisses = 1)
{
    /// <summary>Checks every field; the message names the field and its allowed range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field outside its range.</exception>
    public void Validate()
    {
        if (!(VoxelMetres >= 0.002 && VoxelMetres <= 0.2))
            throw new ArgumentOutOfRangeException(nameof(VoxelMetres), VoxelMetres, "voxel size must be 0.002–0.2 m");
        if (!(MarginMetres >= 0 && MarginMetres <= 1))
            throw new ArgumentOutOfRangeException(nameof(MarginMetres), MarginMetres, "margin must be 0–1 m");
        if (!(MaxBoxMetres > 0.1 && MaxBoxMetres <= 10))
            throw new ArgumentOutOfRangeException(nameof(MaxBoxMetres), MaxBoxMetres, "largest box side must be 0.1–10 m");
        if (TriangleBudget < 100)
            throw new ArgumentOutOfRangeException(nameof(TriangleBudget), TriangleBudget, "triangle budget must be at least 100");
        if (SmoothingIterations is < 0 or > 100)
            throw new ArgumentOutOfRangeException(nameof(SmoothingIterations), SmoothingIterations, "smoothing iterations must be 0–100");
        if (AllowedMisses is < 0 or > 2)
            throw new ArgumentOutOfRangeException(nameof(AllowedMisses), AllowedMisses, "allowed misses must be 0–2");
        if (MinCameras < 2)
            throw new ArgumentOutOfRangeException(nameof(MinCameras), MinCameras, "at least 2 cameras are needed to carve");
    }
}
