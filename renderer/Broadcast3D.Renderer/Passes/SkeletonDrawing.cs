using System.Numerics;

namespace Broadcast3D.Renderer.Passes;

/// <summary>How a skeleton is drawn.</summary>
public enum SkeletonStyle
{
    /// <summary>Thin shaded bones (cylinders) and joint spheres.</summary>
    Bones,
    /// <summary>A body: a thick capsule per segment (cylinder + sphere caps), radius per <see cref="SkeletonDrawing.CapsuleRadiusMetres"/>.</summary>
    Capsules,
    /// <summary>Only a square marker of fixed pixel size on each joint (tests, calibration checks).</summary>
    Markers,
}

/// <summary>
/// One skeleton to draw: joint positions in world metres (NaN components = missing, skipped with their bones),
/// bones as joint index pairs, a straight RGBA colour and a style. The lists are read during the draw call only.
/// </summary>
public sealed record SkeletonDrawing(IReadOnlyList<Vector3> Joints, IReadOnlyList<(int From, int To)> Bones, Vector4 Color,
    SkeletonStyle Style = SkeletonStyle.Bones)
{
    /// <summary>Bone radius for <see cref="SkeletonStyle.Bones"/>, metres.</summary>
    public float BoneRadiusMetres { get; init; } = 0.015f;

    /// <summary>Joint sphere radius for <see cref="SkeletonStyle.Bones"/>, metres.</summary>
    public float JointRadiusMetres { get; init; } = 0.03f;

    /// <summary>Segment radius for <see cref="SkeletonStyle.Capsules"/>, metres.</summary>
    public float CapsuleRadiusMetres { get; init; } = 0.05f;

    /// <summary>Marker side for <see cref="SkeletonStyle.Markers"/>, render-target pixels.</summary>
    public float MarkerPixels { get; init; } = 5f;
}

/// <summary>A trail: a polyline in world metres fading from transparent (first point) to <see cref="Color"/> (last).</summary>
public sealed record Trail(IReadOnlyList<Vector3> Points, Vector4 Color, float WidthPixels = 3f);
