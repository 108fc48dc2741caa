using System.Numerics;
using System.Text.Json;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Control;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Scene;

namespace Broadcast3D.Plugins.Tests;

/// <summary>
/// Plugin settings changed at run time through <see cref="LiveControl.ConfigurePluginAsync"/>, as the control API
/// calls it, on a real <see cref="FrameChannel"/> (real-time clock, its own thread) whose tick runs the analytics and
/// overlay hosts: invalid settings are refused on the caller's thread with their field paths and nothing changes;
/// valid ones are applied between frames on the channel thread, and the plugin on air then behaves by them.
/// </summary>
public sealed class RunTimeSettingsTests
{
    [Test]
    public async Task ConfigurePluginAsync_InvalidThenValid_RefusedWithFieldPathsThenOnAirFromTheAcknowledgedFrame()
    {
        using PluginCatalog catalog = PluginCatalog.Load(PluginsConfig.Default, Serilog.Core.Logger.None);
        var board = new AnalyticsBoard();
        var analytics = new AnalyticsHost(Athlete.Definition, 1, catalog.CreateAnalytics(), board, 2, Serilog.Core.Logger.None);
        var graphics = new ProgrammeGraphics(catalog.Selection(new OverlayConfig(true, true, false, false)));
        using var overlays = new OverlayHost(Athlete.Definition, 1, catalog.CreateOverlays(), graphics.Selection, TimeSpan.FromSeconds(1),
            FrameRate.Fps60, 2, Serilog.Core.Logger.None, board) { Graphics = graphics };
        var control = new LiveControl();
        Vector3[] stand = Athlete.Frames()[0];
        long hopFrom = long.MaxValue; // set by the test: the athlete hops 0.2 m for 20 frames from this frame
        long threadChecks = 0;
        int channelThread = 0;
        var channel = new FrameChannel("settings-test", new RealtimeFrameClock(FrameRate.Fps60), tick =>
        {
            control.BeginFrame(tick.FrameIndex);
            channelThread = Environment.CurrentManagedThreadId;
            long since = tick.FrameIndex - Volatile.Read(ref hopFrom);
            var rise = new Vector3(0, 0, since is >= 20 and < 40 ? 0.2f : 0);
            SkeletonSet set = Athlete.Set([.. stand.Select(j => j + rise)], (int)tick.FrameIndex);
            analytics.Analyse(set);
            overlays.Prepare(set, tick.Time, 0);
            Interlocked.Increment(ref threadChecks);
        });
        control.Attach(channel, graphics, 1, counters: null);
        control.AttachPlugins(catalog.Plugins, (name, settings) => catalog.PrepareSettings(name, settings).Apply(overlays, analytics));
        using var stop = new CancellationTokenSource();
        var thread = new Thread(() => channel.Run(null, stop.Token)) { IsBackground = true, Name = "channel" };
        thread.Start();
        try
        {
            using JsonDocument bad = JsonDocument.Parse("""{"thresholdMetres": "high"}"""), good = JsonDocument.Parse("""{"thresholdMetres": 0.3}""");
            Assert.That(() => control.ConfigurePluginAsync("jump", bad.RootElement), Throws.TypeOf<ControlCommandException>()
                .With.Property("Field").EqualTo("thresholdMetres")
                .And.Property("Detail").StartsWith("must be a number from 0.03 to 0.5, got \"high\""));
            Assert.That(() => control.ConfigurePluginAsync("nosuch", good.RootElement), Throws.TypeOf<ControlCommandException>()
                .With.Property("Field").EqualTo("name").And.Property("NotFound").True);

            ControlAck ack = await control.ConfigurePluginAsync("jump", good.RootElement).WaitAsync(TimeSpan.FromSeconds(30));
            TestContext.Out.WriteLine($"{ack.Command}: posted at frame {ack.PostedAtFrame}, on air from frame {ack.AppliedAtFrame}");
            Assert.That(ack.AppliedAtFrame, Is.GreaterThan(ack.PostedAtFrame));
            Assert.That(catalog.Plugins.Single(p => p.Name == "jump").Settings, Is.EqualTo("""{"thresholdMetres": 0.3}"""));

            // A 0.2 m hop now: a jump under the default threshold, none under the 0.3 m now on air.
            long eventsBefore = board.EventCount;
            Volatile.Write(ref hopFrom, ack.AppliedAtFrame + 5);
            DateTime until = DateTime.UtcNow.AddSeconds(30);
            while (Interlocked.Read(ref threadChecks) < ack.AppliedAtFrame + 70 && DateTime.UtcNow < until)
                await Task.Delay(20);
            Assert.That(Interlocked.Read(ref threadChecks), Is.GreaterThanOrEqualTo(ack.AppliedAtFrame + 70), "the channel ran past the hop");
            Assert.That(board.EventCount, Is.EqualTo(eventsBefore), "the hop is not a jump under the settings applied at run time");
            Assert.That(analytics.Counters().Sum(c => c.Failures) + overlays.Counters().Sum(c => c.Failures), Is.Zero);
            Assert.That(channelThread, Is.Not.EqualTo(Environment.CurrentManagedThreadId));
        }
        finally
        {
            await stop.CancelAsync();
            thread.Join();
            control.Detach();
        }
    }
}
