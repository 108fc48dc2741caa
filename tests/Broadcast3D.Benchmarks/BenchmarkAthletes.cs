using System.Numerics;
using Broadcast3D.Renderer.Passes;

namespace Broadcast3D.Benchmarks;

/// <summary>The crowd the compositing benchmarks draw: athletes on a grid, each with a skeleton and a 30-point trail.</summary>
internal static class BenchmarkAthletes
{
    public static (SkeletonDrawing[] Skeletons, Trail[] Trails) Create(int athletes, int joints, Vector4 colour)
    {
        var bones = new (int, int)[joints - 1];
        for (int b = 0; b < bones.Length; b++)
            bones[b] = (b / 2, b + 1);
        var skeletons = new SkeletonDrawing[athletes];
        var trails = new Trail[athletes];
        for (int a = 0; a < athletes; a++)
        {
            var origin = new Vector3(((a % 11) - 5) * 4f, ((a / 11) - 0.5f) * 20f, 0);
            var points = new Vector3[joints];
            for (int j = 0; j < joints; j++)
                points[j] = origin + new Vector3(0.2f * MathF.Sin(j), 0.2f * MathF.Cos(j), 1.8f * j / joints);
            skeletons[a] = new SkeletonDrawing(points, bones, colour);
            var trail = new Vector3[30];
            for (int t = 0; t < trail.Length; t++)
                trail[t] = origin + new Vector3(-0.1f * t, 0, 1);
            trails[a] = new Trail(trail, new Vector4(0.2f, 0.9f, 1, 1));
        }
        return (skeletons, trails);
    }
}
