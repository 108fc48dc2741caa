using System.Numerics;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Plugins;

namespace Broadcast3D.Plugins.Tests;

/// <summary>
/// The built-in <c>jump</c> analytics run by the analytics host over tracked frame sets at 60 Hz: the reference
/// athlete standing, then moved along a ballistic arc of known rise and flight time (g = 9.81 m/s²), then standing.
/// </summary>
public sealed class JumpAnalyticsTests
{
    [TestCase(0.40)]
    [TestCase(0.25)]
    public void Analyse_BallisticJump_OneEventWithItsHeightAndFlightTime(double rise)
    {
        const double G = 9.81;
        double flight = Math.Sqrt(8 * rise / G); // rise = g t² / 8 for a flight of t
        using PluginCatalog catalog = PluginCatalog.Load(PluginsConfig.Default, Serilog.Core.Logger.None);
        var board = new AnalyticsBoard();
        var host = new AnalyticsHost(Athlete.Definition, 2, catalog.CreateAnalytics(), board, 2, Serilog.Core.Logger.None);
        Vector3[] standing = Athlete.Frames()[0];
        int airFrames = (int)Math.Ceiling(flight * 60);
        for (int f = 0; f < 60 + airFrames + 60; f++)
        {
            double t = (f - 60) / 60.0;
            // 60 frame sets standing (a millimetre of tracking jitter), the arc, then standing again.
            double z = f < 60 || t > flight ? 0.001 * Math.Sin(f) : (flight * G / 2 * t) - (G / 2 * t * t);
            Vector3[] joints = [.. standing.Select(j => j + new Vector3(0, 0, (float)z))];
            host.Analyse(Athlete.Set(joints, f));
        }

        IReadOnlyList<AnalyticsEvent> events = board.Events();
        TestContext.Out.WriteLine(string.Join("\n", events.Select(e => e.Caption)));
        Assert.That(events, Has.Count.EqualTo(1));
        AnalyticsEvent jump = events[0];
        Assert.That((jump.Kind, jump.PersonId, jump.Unit), Is.EqualTo(("jump", Athlete.PersonId, "m")));
        Assert.That(jump.Value, Is.EqualTo(rise).Within(0.02), "height: the pelvis's rise");
        double measured = double.Parse(jump.Caption.Split(' ')[4], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(measured, Is.EqualTo(flight).Within(0.04), "flight time, s (a frame set is 0.017 s)");
        Assert.That(board.TryGetMetric("pelvis-height", Athlete.PersonId, out double pelvis), Is.True);
        Assert.That(pelvis, Is.GreaterThan(0.5).And.LessThan(1.5), "the pelvis height metric, metres");
        Assert.That(host.Counters().Single(c => c.Name == "jump").Failures, Is.Zero);
    }
}
