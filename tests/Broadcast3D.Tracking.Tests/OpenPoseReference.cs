using System.Text.Json;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Tracking.Tests;

/// <summary>Reads the reference OpenPose BODY_25B detections of the Balancing trial (pose/camNN_json).</summary>
internal static class OpenPoseReference
{
    /// <summary>Every person of frame <paramref name="frame"/> of camera <paramref name="camera"/>: 25 × (x, y, c).</summary>
    public static List<float[]> People(int camera, int frame)
    {
        string dir = Path.Combine(SharedAssets.BalancingTrial, "pose", $"cam{camera:00}_json");
        string file = Path.Combine(dir, $"cam{camera:00}.{frame:0000}.json");
        Assert.That(File.Exists(file), Is.True, $"reference file missing: {file}");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(file));
        var people = new List<float[]>();
        foreach (JsonElement p in doc.RootElement.GetProperty("people").EnumerateArray())
        {
            if (!p.TryGetProperty("pose_keypoints_2d", out JsonElement kp))
                continue;
            people.Add([.. kp.EnumerateArray().Select(e => e.GetSingle())]);
        }
        return people;
    }

    /// <summary>The reference person with the most confident keypoint mass (the athlete; the background person is small).</summary>
    public static float[]? Athlete(int camera, int frame)
    {
        float[]? best = null;
        double bestHeight = 0;
        foreach (float[] p in People(camera, frame))
        {
            double top = double.MaxValue, bottom = double.MinValue;
            for (int k = 0; k < p.Length / 3; k++)
            {
                if (p[k * 3 + 2] <= 0)
                    continue;
                top = Math.Min(top, p[k * 3 + 1]);
                bottom = Math.Max(bottom, p[k * 3 + 1]);
            }
            if (bottom - top > bestHeight)
            {
                bestHeight = bottom - top;
                best = p;
            }
        }
        return best;
    }
}
