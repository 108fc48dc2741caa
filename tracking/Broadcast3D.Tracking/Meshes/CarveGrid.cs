namespace Broadcast3D.Tracking.Meshes;

/// <summary>
/// The voxel grid of one carving, a plain value for the kernel: voxel (i, j, k) has its centre at
/// origin + (i, j, k)·<see cref="Step"/> (metres, world frame), index i + Nx·(j + Ny·k). A voxel is kept when at
/// least <see cref="MinViews"/> cameras see it (it projects inside their picture, in front of them) and at most
/// <see cref="AllowedMisses"/> of those see it outside the person's mask.
/// </summary>
public readonly record struct CarveGrid(float OriginX, float OriginY, float OriginZ, float Step, int Nx, int Ny, int Nz,
    int CameraCount, int AllowedMisses, int MinViews)
{
    /// <summary>Voxels in the grid.</summary>
    public long Count => (long)Nx * Ny * Nz;

    /// <summary>World x of voxel column <paramref name="i"/>'s centre.</summary>
    public float X(int i) => OriginX + (i * Step);

    /// <summary>World y of voxel row <paramref name="j"/>'s centre.</summary>
    public float Y(int j) => OriginY + (j * Step);

    /// <summary>World z of voxel layer <paramref name="k"/>'s centre.</summary>
    public float Z(int k) => OriginZ + (k * Step);
}
