using System.Globalization;

namespace Broadcast3D.Media.Recording;

/// <summary>
/// One camera's folder of a recording (<c>FOLDER/CAMERA/</c>) and the names of its segments,
/// <c>yyyyMMddTHHmmss.fffZ-NNNN.ts</c>: the UTC time the segment opened, then a per-recorder sequence number so two
/// segments opened in the same millisecond never share a name. The one naming for both recorders (copy and encode).
/// Recorder thread only after construction.
/// </summary>
internal sealed class SegmentFolder
{
    private int _sequence;

    /// <summary>Creates <paramref name="camera"/>'s folder under <paramref name="folder"/>.</summary>
    /// <exception cref="IOException">The folder cannot be created (the message names the camera and the folder).</exception>
    public SegmentFolder(string folder, string camera)
    {
        Path = System.IO.Path.Combine(folder, camera);
        try
        {
            Directory.CreateDirectory(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"recording {camera}: cannot create the folder {Path}: {ex.Message}", ex);
        }
    }

    /// <summary>The camera's folder.</summary>
    public string Path { get; }

    /// <summary>The path of the next segment, named for the current UTC time.</summary>
    public string NextSegment()
    {
        string stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture);
        return System.IO.Path.Combine(Path, string.Create(CultureInfo.InvariantCulture, $"{stamp}-{_sequence++:D4}.ts"));
    }
}
