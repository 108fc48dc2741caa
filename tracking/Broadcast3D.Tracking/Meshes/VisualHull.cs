namespace Broadcast3D.Tracking.Meshes;

/// <summary>
/// The carved voxels of one athlete in one frame set: the grid, its occupancy (1 kept; index i + Nx·(j + Ny·k)),
/// the cameras carved from, and why the others were left out. Owns its arrays; immutable after construction.
/// </summary>
public sealed class VisualHull
{
    /// <summary>Takes over <paramref name="occupancy"/>.</summary>
    public VisualHull(CarveGrid grid, byte[] occupancy, IReadOnlyList<int> cameras, IReadOnlyList<CameraSkip> skipped)
    {
        ArgumentNullException.ThrowIfNull(occupancy);
        if (occupancy.Length < grid.Count)
            throw new ArgumentException($"occupancy holds {occupancy.Length} voxels, the grid {grid.Count}", nameof(occupancy));
        Grid = grid;
        Occupancy = occupancy;
        Cameras = cameras;
        Skipped = skipped;
        int kept = 0;
        for (long v = 0; v < grid.Count; v++)
            kept += occupancy[v];
        KeptVoxels = kept;
    }

    /// <summary>The voxel grid.</summary>
    public CarveGrid Grid { get; }

    /// <summary>1 per kept voxel, 0 per carved one.</summary>
    public byte[] Occupancy { get; }

    /// <summary>Indices (in the rig) of the cameras carved from.</summary>
    public IReadOnlyList<int> Cameras { get; }

    /// <summary>The cameras left out, with the reason.</summary>
    public IReadOnlyList<CameraSkip> Skipped { get; }

    /// <summary>Voxels kept.</summary>
    public int KeptVoxels { get; }

    /// <summary>Occupancy of voxel (i, j, k); 0 outside the grid.</summary>
    public byte At(int i, int j, int k) =>
        i < 0 || j < 0 || k < 0 || i >= Grid.Nx || j >= Grid.Ny || k >= Grid.Nz ? (byte)0 : Occupancy[i + (Grid.Nx * (j + (Grid.Ny * k)))];
}
