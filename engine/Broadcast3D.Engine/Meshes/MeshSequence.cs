using Broadcast3D.Core.Meshes;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Rendering;

namespace Broadcast3D.Engine.Meshes;

/// <summary>
/// The athletes' meshes of a run by frame (issue #18): filled frame by frame as they are carved
/// (<see cref="FrameSetMesher"/>), then drawn by a view through <see cref="IAthleteMeshSource"/>. Frame n of the view
/// is frame n of the sequence; a frame without meshes (not carved, or outside the sequence) is empty, so the view
/// draws its capsules there. Reading allocates nothing. Not thread-safe while filled; read on one thread after.
/// </summary>
public sealed class MeshSequence : IAthleteMeshSource
{
    private readonly AthleteMesh[][] _frames;

    /// <summary>An empty sequence of <paramref name="frames"/> frames.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frames"/> is negative.</exception>
    public MeshSequence(int frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        _frames = new AthleteMesh[frames][];
        Array.Fill(_frames, []);
    }

    /// <summary>Frames in the sequence.</summary>
    public int Frames => _frames.Length;

    /// <summary>Frames holding at least one mesh.</summary>
    public int FramesWithMeshes => _frames.Count(f => f.Length > 0);

    /// <summary>Adds <paramref name="meshes"/> to frame <paramref name="frame"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frame"/> is outside the sequence.</exception>
    public void Add(int frame, IReadOnlyList<AthleteMesh> meshes)
    {
        ArgumentNullException.ThrowIfNull(meshes);
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, _frames.Length);
        if (meshes.Count > 0)
            _frames[frame] = [.. _frames[frame], .. meshes];
    }

    /// <summary>A sequence of the same frames holding only person <paramref name="personId"/>'s meshes (the meshes are shared, not copied).</summary>
    public MeshSequence Only(int personId)
    {
        var only = new MeshSequence(_frames.Length);
        for (int f = 0; f < _frames.Length; f++)
            only._frames[f] = [.. _frames[f].Where(m => m.PersonId == personId)];
        return only;
    }

    /// <inheritdoc/>
    public ReadOnlySpan<AthleteMesh> MeshesAt(long frame, Rational time) =>
        frame >= 0 && frame < _frames.Length ? _frames[frame] : [];
}
