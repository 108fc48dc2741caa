using Broadcast3D.Core.Meshes;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Rendering;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// A mesh source for the view tests: frame n gets <c>frames[n % frames.Length]</c> (a sequence that repeats), an empty
/// entry meaning no mesh for that frame. Allocates nothing per call; counts the calls.
/// </summary>
internal sealed class MeshFrames(params AthleteMesh[][] frames) : IAthleteMeshSource
{
    public int Calls { get; private set; }

    public ReadOnlySpan<AthleteMesh> MeshesAt(long frame, Rational time)
    {
        Calls++;
        return frames[frame % frames.Length];
    }
}
