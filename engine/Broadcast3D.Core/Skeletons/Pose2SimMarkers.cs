using Broadcast3D.Core.Skeletons;

namespace Broadcast3D.Core.Skeletons;

/// <summary>
/// The 21 markers Pose2Sim triangulates from BODY_25B (its TRC column order) as a skeleton layout, with the
/// BODY_25B bones whose two ends are markers, so 3D results can be drawn and published as <c>SkeletonSet</c>s.
/// </summary>
public static class Pose2SimMarkers
{
    /// <summary>The layout (name <c>POSE2SIM_BODY25B_21</c>).</summary>
    public static SkeletonDefinition Definition { get; } = Create();

    /// <summary>BODY_25B index of each marker, in marker order.</summary>
    public static IReadOnlyList<int> Body25BIndices { get; } =
        [.. SkeletonCatalog.Pose2SimBody25BMarkers.Select(SkeletonCatalog.Body25B.Require)];

    private static SkeletonDefinition Create()
    {
        SkeletonDefinition body = SkeletonCatalog.Body25B;
        IReadOnlyList<string> markers = SkeletonCatalog.Pose2SimBody25BMarkers;
        var bones = new List<(string, string)>();
        foreach ((int from, int to) in body.Bones)
        {
            string a = body.KeypointNames[from], b = body.KeypointNames[to];
            if (markers.Contains(a) && markers.Contains(b))
                bones.Add((a, b));
        }
        return new SkeletonDefinition("POSE2SIM_BODY25B_21", markers, bones);
    }
}
