using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Scene;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The one person the orbit view tests (<see cref="OrbitViewTests"/>, <see cref="OrbitViewMeshTests"/>) draw: standing
/// at the orbit's centre, a 1.7 m column of Pose2Sim joints (Z up, every bone with a length), prepared for frame 0.
/// </summary>
internal static class OrbitPerson
{
    /// <summary>The person's overlays through the built-in plugin <paramref name="plugin"/> ("bodies", "skeleton"); the caller disposes them.</summary>
    public static OverlayHost Overlays(string plugin)
    {
        SkeletonDefinition definition = Pose2SimMarkers.Definition;
        var person = new SkeletonSet(definition, 1) { Count = 1 };
        Span<float> joints = person.PersonJoints(0);
        for (int j = 0; j < definition.KeypointCount; j++)
        {
            joints[j * 3] = 0;
            joints[(j * 3) + 1] = 0;
            joints[(j * 3) + 2] = (float)(0.2 + (1.5 * j / definition.KeypointCount));
        }

        using PluginCatalog catalog = PluginCatalog.Load(PluginsConfig.Default, Serilog.Core.Logger.None);
        var overlays = new OverlayHost(definition, 1, [catalog.CreateOverlay(plugin)], new OverlaySelection([plugin]),
            TimeSpan.FromSeconds(1), FrameRate.Fps60, PluginsConfig.DefaultBudgetMilliseconds, Serilog.Core.Logger.None);
        overlays.Prepare(person, Rational.Zero, 0);
        return overlays;
    }
}
