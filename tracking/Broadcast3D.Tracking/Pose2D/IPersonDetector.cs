using Broadcast3D.Core.Frames;
namespace Broadcast3D.Tracking.Pose2D;

/// <summary>Finds people in frames. Implementations own one session and pooled buffers; not thread-safe.</summary>
public interface IPersonDetector : IDisposable
{
    /// <summary>Model family and file, for logs.</summary>
    string Description { get; }

    /// <summary>
    /// Detects people in every frame of <paramref name="frames"/> (batched where the model allows) and replaces the
    /// content of <paramref name="boxes"/>[i] with frame i's boxes in image pixels, clipped to the image, best score
    /// first, degenerate boxes (under 2 px) dropped. A frame with nobody gets an empty list.
    /// </summary>
    void Detect(ReadOnlySpan<ImagePlanes> frames, ReadOnlySpan<List<PersonBox>> boxes);
}
