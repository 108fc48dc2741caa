using System.Numerics;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Renderer.Tests;

/// <summary>The Pose2Sim Balancing trial's reference 3D, as the projection tests draw it.</summary>
internal static class BalancingReference
{
    /// <summary>The reference markers of <paramref name="frame"/> (0-based), metres, Z up, and their names.</summary>
    public static (Vector3[] Joints, IReadOnlyList<string> Names) Joints(int frame)
    {
        string[] trc = Directory.GetFiles(Path.Combine(SharedAssets.BalancingTrial, "pose-3d"), "*_0-100.trc");
        Assert.That(trc, Has.Length.EqualTo(1), "one *_0-100.trc reference");
        TrcData data = TrcFile.Read(trc[0]);
        double[] world = data.ToWorldZUp();
        int markers = data.MarkerCount;
        var joints = new Vector3[markers];
        for (int m = 0; m < markers; m++)
        {
            int i = ((frame * markers) + m) * 3;
            joints[m] = new Vector3((float)world[i], (float)world[i + 1], (float)world[i + 2]);
        }
        return (joints, data.MarkerNames);
    }
}
