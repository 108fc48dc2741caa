namespace Broadcast3D.Core.Cameras;

/// <summary>
/// A set of calibrated cameras in a shared world frame (metres; Pose2Sim data is Z-up), in file order. The order
/// is the camera index used everywhere else (2D input folders, triangulation batches). Immutable, thread-safe.
/// </summary>
public sealed class CameraRig
{
    /// <summary>Creates a calibration.</summary>
    /// <param name="cameras">At least one camera; names must be unique (ordinal).</param>
    /// <param name="adjusted">The <c>[metadata] adjusted</c> flag of anipose-style files (bundle-adjusted or not).</param>
    /// <param name="errorPixels">The <c>[metadata] error</c> value of anipose-style files, pixels.</param>
    /// <exception cref="ArgumentException">No camera, or two cameras with the same name.</exception>
    public CameraRig(IReadOnlyList<Camera> cameras, bool adjusted = false, double errorPixels = 0.0)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        if (cameras.Count == 0)
        {
            throw new ArgumentException("A calibration needs at least one camera.", nameof(cameras));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Camera camera in cameras)
        {
            ArgumentNullException.ThrowIfNull(camera, nameof(cameras));
            if (!names.Add(camera.Name))
            {
                throw new ArgumentException($"Camera name '{camera.Name}' appears twice in the calibration.", nameof(cameras));
            }
        }

        Cameras = [.. cameras];
        Adjusted = adjusted;
        ErrorPixels = errorPixels;
    }

    /// <summary>The cameras in file order.</summary>
    public IReadOnlyList<Camera> Cameras { get; }

    /// <summary>Number of cameras.</summary>
    public int Count => Cameras.Count;

    /// <summary>Metadata flag carried through from the file.</summary>
    public bool Adjusted { get; }

    /// <summary>Metadata error carried through from the file, pixels.</summary>
    public double ErrorPixels { get; }

    /// <summary>Index of the camera named <paramref name="name"/>, or −1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Cameras.Count; i++)
        {
            if (string.Equals(Cameras[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Writes every camera's P = K·[R | t] into <paramref name="destination"/>: camera c occupies doubles
    /// [12c, 12c + 12), each 3×4 row-major (the layout the triangulation batch and its GPU kernel read).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Destination shorter than 12 × <see cref="Count"/>.</exception>
    public void CopyProjectionMatrices(Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, 12 * Count, nameof(destination));
        for (int c = 0; c < Count; c++)
        {
            Cameras[c].CopyProjectionMatrix(destination.Slice(12 * c, 12));
        }
    }
}
