using System.Net.Http.Headers;
using System.Numerics;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Control;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Scene;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Control.Tests;

/// <summary>
/// The control server on a free loopback port in this process, driving a real <see cref="FrameChannel"/> on the
/// real-time clock (60 fps, its own thread) whose tick does the programme's control work without pictures: begins the
/// frame for the <see cref="LiveControl"/>, prepares the built-in overlays' <see cref="OverlayHost"/> from one tracked
/// person (track <see cref="PersonId"/>, standing 3 m up the Y axis) through the <see cref="ProgrammeGraphics"/> the commands change,
/// and publishes the people. Disposing stops the channel and the server.
/// </summary>
internal sealed class ControlHarness : IAsyncDisposable
{
    public const string Token = "test-token-0123456789abcdef";
    public const int PersonId = 7;

    private readonly CancellationTokenSource _stop;
    private readonly Thread _thread;
    private readonly PluginCatalog _catalog;

    private ControlHarness(ControlServer server, LiveControl control, FrameChannel channel, ProgrammeDelay delay, Thread thread, CancellationTokenSource stop,
        PluginCatalog catalog, OverlayHost overlays)
    {
        _catalog = catalog;
        Overlays = overlays;
        Delay = delay;
        _stop = stop;
        Server = server;
        Control = control;
        Channel = channel;
        _thread = thread;
        Client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public ControlServer Server { get; }

    /// <summary>The overlay plugins the channel prepares (channel thread; read its plugins' settings there).</summary>
    public OverlayHost Overlays { get; }
    public LiveControl Control { get; }
    public FrameChannel Channel { get; }

    /// <summary>The channel's programme delay (fixed 2 frames, a line of <see cref="MaxDelayFrames"/>), stepped every tick.</summary>
    public ProgrammeDelay Delay { get; }

    /// <summary>The delay line's length in the harness.</summary>
    public const int MaxDelayFrames = 10;

    /// <summary>A client without the token.</summary>
    public HttpClient Client { get; }

    /// <summary>What is on air now, as the channel published it after the last command.</summary>
    public GraphicsState GraphicsNow => Control.State().Graphics!;

    public static async Task<ControlHarness> StartAsync()
    {
        var control = new LiveControl();
        var overlay = new OverlayConfig(true, true, false, false);
        SkeletonDefinition definition = Pose2SimMarkers.Definition;
        PluginCatalog catalog = PluginCatalog.Load(PluginsConfig.Default, Serilog.Core.Logger.None);
        var graphics = new ProgrammeGraphics(catalog.Selection(overlay));
        var overlays = new OverlayHost(definition, 4, catalog.CreateOverlays(), graphics.Selection, overlay.MaxSkeletonAge, FrameRate.Fps60,
            PluginsConfig.DefaultBudgetMilliseconds, Serilog.Core.Logger.None) { Graphics = graphics };
        var person = new SkeletonSet(definition, 4) { Count = 1 };
        person.PersonIds[0] = PersonId;
        Span<float> joints = person.PersonJoints(0);
        for (int j = 0; j < definition.KeypointCount; j++)
            (joints[j * 3], joints[(j * 3) + 1], joints[(j * 3) + 2]) = (0f, 3f, 0.05f * j);
        var delay = new ProgrammeDelay(auto: false, fixedFrames: 2, MaxDelayFrames, FrameRate.Fps60);
        var channel = new FrameChannel("control-test", new RealtimeFrameClock(new FrameRate(60, 1)), tick =>
        {
            control.BeginFrame(tick.FrameIndex);
            delay.Step(tick.FrameIndex);
            overlays.Prepare(person, tick.Time, 0);
            control.PublishPeople(overlays);
        });
        // Run-time settings as the live programme applies them: a new instance configured by the catalog replaces the one hosted.
        control.AttachPlugins([.. catalog.Plugins.Where(p => p.Kind.Contains("overlay", StringComparison.Ordinal))],
            (name, settings) => overlays.Replace(catalog.CreateOverlay(name, settings)));
        control.Attach(channel, graphics, 4, counters: null, delay);
        var stop = new CancellationTokenSource();
        var thread = new Thread(() => channel.Run(null, stop.Token)) { IsBackground = true, Name = "channel" };
        thread.Start();
        ControlServer server;
        try
        {
            server = await ControlServer.StartAsync(new ControlConfig("127.0.0.1", LoopbackPorts.FreeTcp(), null), ControlToken.FromValue(Token, "test"), control);
        }
        catch
        {
            await stop.CancelAsync();
            thread.Join();
            catalog.Dispose();
            throw;
        }
        var harness = new ControlHarness(server, control, channel, delay, thread, stop, catalog, overlays);
        // The person is known once the channel has published the people (10 Hz).
        DateTime until = DateTime.UtcNow.AddSeconds(10);
        while (control.People().Count == 0 && DateTime.UtcNow < until)
            await Task.Delay(20);
        Assert.That(control.People(), Has.Count.EqualTo(1), "the channel published the person");
        return harness;
    }

    /// <summary>A request with the token.</summary>
    public static HttpRequestMessage Authorized(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        if (json is not null)
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await _stop.CancelAsync();
        _thread.Join();
        Control.Detach();
        _stop.Dispose();
        Overlays.Dispose();
        _catalog.Dispose();
    }
}
