using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Scene;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Plugins.Tests;

/// <summary>
/// The Pose2Sim Balancing trial's reference 3D (from ../shared) as the live path hands it to the overlays: one person
/// (id 7) in a <see cref="SkeletonSet"/> of the Pose2Sim markers, frame n at n / 60 s; and the trial's first camera.
/// </summary>
internal static class Athlete
{
    public const int PersonId = 7;

    public static SkeletonDefinition Definition => Pose2SimMarkers.Definition;

    public static Camera Camera() => CalibrationToml.Read(SharedAssets.CalibrationToml).Cameras[0];

    /// <summary>Frames 0–100 of the reference, each as world joints (metres, Z up) in the definition's order.</summary>
    public static Vector3[][] Frames()
    {
        string[] trc = Directory.GetFiles(Path.Combine(SharedAssets.BalancingTrial, "pose-3d"), "*_0-100.trc");
        Assert.That(trc, Has.Length.EqualTo(1), $"one *_0-100.trc reference in {SharedAssets.BalancingTrial}/pose-3d");
        TrcData data = TrcFile.Read(trc[0]);
        double[] world = data.ToWorldZUp();
        int markers = data.MarkerCount;
        var frames = new Vector3[world.Length / (markers * 3)][];
        for (int f = 0; f < frames.Length; f++)
        {
            frames[f] = new Vector3[Definition.KeypointCount];
            for (int j = 0; j < Definition.KeypointCount; j++)
            {
                int m = data.MarkerNames.ToList().IndexOf(Definition.KeypointNames[j]);
                Assert.That(m, Is.GreaterThanOrEqualTo(0), $"marker {Definition.KeypointNames[j]} in {trc[0]}");
                int i = ((f * markers) + m) * 3;
                frames[f][j] = new Vector3((float)world[i], (float)world[i + 1], (float)world[i + 2]);
            }
        }
        return frames;
    }

    /// <summary>The person at <paramref name="joints"/> as tracked at frame <paramref name="frame"/>.</summary>
    public static SkeletonSet Set(Vector3[] joints, int frame)
    {
        var set = new SkeletonSet(Definition, 1) { Count = 1, Time = new Rational(frame, 60) };
        set.PersonIds[0] = PersonId;
        Span<float> flat = set.PersonJoints(0);
        for (int j = 0; j < joints.Length; j++)
            (flat[j * 3], flat[(j * 3) + 1], flat[(j * 3) + 2]) = (joints[j].X, joints[j].Y, joints[j].Z);
        return set;
    }

    /// <summary>A host of the built-in overlays <paramref name="kinds"/> with default settings (never faded).</summary>
    public static OverlayHost Host(params string[] kinds)
    {
        using PluginCatalog catalog = PluginCatalog.Load(Engine.Configuration.PluginsConfig.Default, Serilog.Core.Logger.None);
        return new OverlayHost(Definition, 4, [.. kinds.Select(k => catalog.CreateOverlay(k))], new OverlaySelection(kinds), TimeSpan.FromSeconds(1),
            FrameRate.Fps60, Engine.Configuration.PluginsConfig.DefaultBudgetMilliseconds, Serilog.Core.Logger.None);
    }
}
