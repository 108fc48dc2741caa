using Broadcast3D.Core.Meshes;
using Broadcast3D.Core.Time;

namespace Broadcast3D.Engine.Rendering;

/// <summary>
/// Where a view (<see cref="OrbitView"/>, <see cref="Replay.VirtualCamera"/>) takes the athletes' meshes of the frame it
/// draws (issue #18): a mesh sequence read from <c>b3d mesh</c>'s output, or a carving of the frame set. Called on the
/// device thread, once per frame drawn.
/// </summary>
public interface IAthleteMeshSource
{
    /// <summary>
    /// The meshes to draw for frame <paramref name="frame"/> of the view, which shows the athletes at capture time
    /// <paramref name="time"/> (seconds); empty when there are none for that instant (the view then draws as without
    /// meshes). The span is the source's and needs to stay valid only until the next call; the meshes themselves are
    /// immutable. A source that allocates nothing per call keeps the views' drawing allocation-free.
    /// </summary>
    ReadOnlySpan<AthleteMesh> MeshesAt(long frame, Rational time);
}
