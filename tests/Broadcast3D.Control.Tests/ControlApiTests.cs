using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Broadcast3D.Engine.Channels;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Control;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Control.Tests;

/// <summary>
/// The control API's boundary, over real HTTP and WebSocket on loopback against a running channel
/// (<see cref="ControlHarness"/>): authentication, validation naming the field, commands applied between frames.
/// </summary>
[NonParallelizable]
public class ControlApiTests
{
    private static readonly (string Path, string? Body)[] s_writeEndpoints =
    [
        ("/api/overlays", """{"kind": "skeleton", "on": false}"""),
        ("/api/highlight", """{"personId": 7}"""),
        ("/api/people/7/name", """{"name": "Ada"}"""),
        ("/api/lower-third", """{"title": "Ada Lovelace", "subtitle": "Analyst"}"""),
        ("/api/lower-third/clear", null),
    ];

    private ControlHarness _harness = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _harness = await ControlHarness.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _harness.DisposeAsync();

    [Test]
    public async Task WriteEndpoints_WithoutOrWithWrongToken_401AndNothingChanged()
    {
        string before = OnAir();
        long commands = _harness.Channel.Stats.CommandsApplied;
        foreach ((string path, string? body) in s_writeEndpoints)
        {
            foreach (string? token in new[] { null, "wrong-token-0123456789", ControlHarness.Token + "x" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path);
                if (token is not null)
                    request.Headers.Authorization = new("Bearer", token);
                if (body is not null)
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                using HttpResponseMessage response = await _harness.Client.SendAsync(request);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"{path} with token {token ?? "(none)"}");
                Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"), path);
                Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), path);
            }
        }
        // Give a command that slipped through a tick to be applied: none may have.
        await Task.Delay(100);
        Assert.That(_harness.Channel.Stats.CommandsApplied, Is.EqualTo(commands), "commands applied");
        Assert.That(OnAir(), Is.EqualTo(before), "graphics on air");
    }

    [Test]
    public async Task ReadEndpoints_WithoutToken_401()
    {
        foreach (string path in new[] { "/api/state", "/api/people", "/api/events", "/api/preview/programme.jpg" })
        {
            using HttpResponseMessage response = await _harness.Client.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), path);
        }
    }

    [TestCase("{not json", 400, "body")]
    [TestCase("[]", 400, "body")]
    [TestCase("""{"kind": "skeleton", "on": "yes"}""", 400, "on")]
    [TestCase("""{"kind": "skeleton", "on": false, "colour": "red"}""", 400, "colour")]
    [TestCase("""{"on": false}""", 400, "kind")]
    [TestCase("""{"kind": null, "on": false}""", 400, "kind")]
    [TestCase("""{"kind": "skeleton", "on": false, "personId": "7"}""", 400, "personId")]
    [TestCase("""{"kind": "laser", "on": false}""", 422, "kind")]
    [TestCase("""{"kind": "0", "on": false}""", 422, "kind")]
    [TestCase("""{"kind": "skeleton", "on": false, "personId": 99}""", 404, "personId")]
    public async Task Overlays_BadRequest_ProblemNamingTheFieldAndNothingChanged(string body, int status, string field) =>
        await AssertRefusedAsync("/api/overlays", body, status, field);

    [TestCase("/api/highlight", """{"personId": 12345}""", 404, "personId")]
    [TestCase("/api/highlight", """{"personId": 1.5}""", 400, "personId")]
    [TestCase("/api/people/99/name", """{"name": "Nobody"}""", 404, "personId")]
    [TestCase("/api/people/7/name", """{"name": "A name far too long to fit on any name strap on air"}""", 422, "name")]
    [TestCase("/api/people/7/name", """{"name": "two\nlines"}""", 422, "name")]
    [TestCase("/api/people/7/name", """{"nom": "Ada"}""", 400, "nom")]
    [TestCase("/api/lower-third", """{"subtitle": "no title, no athlete"}""", 422, "title")]
    [TestCase("/api/lower-third", """{"title": "T", "personId": 404}""", 404, "personId")]
    [TestCase("/api/lower-third", """{"title": 3}""", 400, "title")]
    public async Task Commands_BadRequest_ProblemNamingTheFieldAndNothingChanged(string path, string body, int status, string field) =>
        await AssertRefusedAsync(path, body, status, field);

    [TestCase("""{}""", 422, "frames")]
    [TestCase("""{"frames": 3, "auto": true}""", 422, "frames")]
    [TestCase("""{"auto": false}""", 422, "auto")]
    [TestCase("""{"frames": 11}""", 422, "frames")]
    [TestCase("""{"frames": -1}""", 422, "frames")]
    [TestCase("""{"frames": "3"}""", 400, "frames")]
    [TestCase("""{"frames": 2.5}""", 400, "frames")]
    [TestCase("""{"delay": 3}""", 400, "delay")]
    public async Task Delay_BadRequest_ProblemNamingTheFieldAndDelayUnchanged(string body, int status, string field)
    {
        DelayState before = _harness.Delay.State;
        await AssertRefusedAsync("/api/delay", body, status, field);
        DelayState after = _harness.Delay.State;
        Assert.That((after.Auto, after.TargetFrames), Is.EqualTo((before.Auto, before.TargetFrames)), "the programme delay");
    }

    [Test]
    public async Task Delay_FixedThenAuto_AppliedOnTheChannelAndAcknowledged()
    {
        JsonElement fix = await CommandAsync("/api/delay", """{"frames": 5}""");
        Assert.That(fix.GetProperty("command").GetString(), Is.EqualTo("delay 5 frames"));
        Assert.That(fix.GetProperty("appliedAtFrame").GetInt64(), Is.GreaterThan(fix.GetProperty("postedAtFrame").GetInt64()));
        DelayState fixedState = _harness.Delay.State;
        Assert.That((fixedState.Auto, fixedState.TargetFrames), Is.EqualTo((false, 5)));
        // The line reaches the new delay a frame per tick: 2 → 5 within a few ticks at 60 fps.
        DateTime until = DateTime.UtcNow.AddSeconds(5);
        while (_harness.Delay.State.DelayFrames != 5 && DateTime.UtcNow < until)
            await Task.Delay(20);
        Assert.That(_harness.Delay.State.DelayFrames, Is.EqualTo(5), "the delay stepped to the commanded frames");

        JsonElement auto = await CommandAsync("/api/delay", """{"auto": true}""");
        Assert.That(auto.GetProperty("command").GetString(), Is.EqualTo("delay auto"));
        Assert.That(_harness.Delay.State.Auto, Is.True);
    }

    [Test]
    public async Task State_FixedDelay_DelayInFramesAndMsOverHttpAndWebSocketNullsWhereUnmeasured()
    {
        await CommandAsync("/api/delay", """{"frames": 3}""");
        DateTime until = DateTime.UtcNow.AddSeconds(5);
        while (_harness.Delay.State.DelayFrames != 3 && DateTime.UtcNow < until)
            await Task.Delay(20);

        using HttpResponseMessage response = await _harness.Client.SendAsync(ControlHarness.Authorized(HttpMethod.Get, "/api/state"));
        string text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        using JsonDocument state = JsonDocument.Parse(text);
        JsonElement delay = state.RootElement.GetProperty("delay");
        TestContext.Out.WriteLine(delay.GetRawText());
        Assert.That(delay.GetProperty("mode").GetString(), Is.EqualTo("fixed"));
        Assert.That(delay.GetProperty("frames").GetInt32(), Is.EqualTo(3));
        Assert.That(delay.GetProperty("milliseconds").GetDouble(), Is.EqualTo(50.0), "3 frames at 60 fps");
        Assert.That(delay.GetProperty("targetFrames").GetInt32(), Is.EqualTo(3));
        Assert.That(delay.GetProperty("maxFrames").GetInt32(), Is.EqualTo(ControlHarness.MaxDelayFrames));
        // The harness tracks nothing: no latency nor age measured, null in JSON (it has no NaN).
        Assert.That(delay.GetProperty("trackingResults").GetInt64(), Is.Zero);
        Assert.That(delay.GetProperty("trackingLatencyP95Ms").ValueKind, Is.EqualTo(JsonValueKind.Null));
        JsonElement age = delay.GetProperty("graphicsAge");
        Assert.That(age.GetProperty("frames").GetInt64(), Is.Zero);
        Assert.That(age.GetProperty("p50Ms").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(age.GetProperty("withinOneFramePercent").ValueKind, Is.EqualTo(JsonValueKind.Null));

        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(EventStream.Subprotocol);
        socket.Options.AddSubProtocol("bearer." + ControlHarness.Token);
        await socket.ConnectAsync(new Uri(_harness.Server.Address, "/api/events").ToWs(), CancellationToken.None);
        using JsonDocument first = await ReceiveAsync(socket);
        Assert.That(first.RootElement.GetProperty("type").GetString(), Is.EqualTo("state"));
        JsonElement pushed = first.RootElement.GetProperty("data").GetProperty("delay");
        Assert.That((pushed.GetProperty("mode").GetString(), pushed.GetProperty("frames").GetInt32()), Is.EqualTo(("fixed", 3)), "the WebSocket's state");
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Test]
    public async Task Overlays_HugeBody_413AndNothingChanged()
    {
        string huge = "{\"kind\": \"skeleton\", \"on\": false, \"pad\": \"" + new string('x', 64 * 1024) + "\"}";
        await AssertRefusedAsync("/api/overlays", huge, 413, "body");
    }

    [Test]
    public async Task Overlays_NotJson_415NamingTheBody()
    {
        string before = OnAir();
        using HttpRequestMessage request = ControlHarness.Authorized(HttpMethod.Post, "/api/overlays");
        request.Content = new StringContent("kind=skeleton&on=false", Encoding.UTF8, "application/x-www-form-urlencoded");
        using HttpResponseMessage response = await _harness.Client.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(415));
        Assert.That(await FieldOfAsync(response), Is.EqualTo("body"));
        Assert.That(OnAir(), Is.EqualTo(before));
    }

    [Test]
    public async Task Overlays_SkeletonOffThenOn_AppliedAtTheNextFrameAndAcknowledged()
    {
        JsonElement off = await CommandAsync("/api/overlays", """{"kind": "skeleton", "on": false}""");
        Assert.That(_harness.GraphicsNow.Skeleton, Is.False);
        long posted = off.GetProperty("postedAtFrame").GetInt64(), applied = off.GetProperty("appliedAtFrame").GetInt64();
        TestContext.Out.WriteLine($"skeleton off: posted at frame {posted}, applied at frame {applied}");
        // Applied before the next tick: the first frame after the one the channel was on.
        Assert.That(applied, Is.GreaterThan(posted));
        Assert.That(off.GetProperty("command").GetString(), Is.EqualTo("overlay skeleton off"));

        await CommandAsync("/api/overlays", """{"kind": "skeleton", "on": true}""");
        Assert.That(_harness.GraphicsNow.Skeleton, Is.True);
    }

    [Test]
    public async Task Overlays_OnePersonOff_HiddenForThatPersonOnly()
    {
        await CommandAsync("/api/overlays", """{"kind": "labels", "on": false, "personId": 7}""");
        Assert.That(_harness.GraphicsNow.Labels, Is.True, "labels stay on for everyone else");
        Assert.That(_harness.GraphicsNow.HiddenFor[7], Is.EqualTo(new[] { Engine.Scene.OverlayKind.Labels }));
        await CommandAsync("/api/overlays", """{"kind": "labels", "on": true, "personId": 7}""");
        Assert.That(_harness.GraphicsNow.HiddenFor, Does.Not.ContainKey(7));
    }

    [Test]
    public async Task LowerThird_BoundToANamedAthlete_ShowsTheNameAndFollowsARename()
    {
        await CommandAsync("/api/people/7/name", """{"name": "Ada"}""");
        await CommandAsync("/api/lower-third", """{"subtitle": "400 m", "personId": 7}""");
        Assert.That(_harness.GraphicsNow.LowerThird?.Title, Is.EqualTo("Ada"));
        await CommandAsync("/api/people/7/name", """{"name": "Ada Lovelace"}""");
        Assert.That(_harness.GraphicsNow.LowerThird?.Title, Is.EqualTo("Ada Lovelace"));
        using (HttpResponseMessage people = await _harness.Client.SendAsync(ControlHarness.Authorized(HttpMethod.Get, "/api/people")))
        {
            using JsonDocument doc = JsonDocument.Parse(await people.Content.ReadAsStringAsync());
            Assert.That(doc.RootElement[0].GetProperty("name").GetString(), Is.EqualTo("Ada Lovelace"));
            Assert.That(doc.RootElement[0].GetProperty("id").GetInt32(), Is.EqualTo(ControlHarness.PersonId));
        }
        await CommandAsync("/api/lower-third/clear", null);
        Assert.That(_harness.GraphicsNow.LowerThird, Is.Null);
        await CommandAsync("/api/people/7/name", """{"name": null}""");
    }

    [Test]
    public async Task Events_WithToken_StateMessagesAndTheAcknowledgementOfACommand()
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(EventStream.Subprotocol);
        socket.Options.AddSubProtocol("bearer." + ControlHarness.Token);
        await socket.ConnectAsync(new Uri(_harness.Server.Address, "/api/events").ToWs(), CancellationToken.None);
        Assert.That(socket.SubProtocol, Is.EqualTo(EventStream.Subprotocol));

        using JsonDocument first = await ReceiveAsync(socket);
        Assert.That(first.RootElement.GetProperty("v").GetInt32(), Is.EqualTo(1));
        Assert.That(first.RootElement.GetProperty("type").GetString(), Is.EqualTo("state"));
        Assert.That(first.RootElement.GetProperty("data").GetProperty("running").GetBoolean(), Is.True);

        JsonElement ack = await CommandAsync("/api/highlight", """{"personId": 7}""");
        long sequence = ack.GetProperty("sequence").GetInt64();
        bool acked = false;
        for (int i = 0; i < 50 && !acked; i++)
        {
            using JsonDocument message = await ReceiveAsync(socket);
            JsonElement m = message.RootElement;
            acked = m.GetProperty("type").GetString() == "ack" && m.GetProperty("data").GetProperty("sequence").GetInt64() == sequence;
        }
        Assert.That(acked, Is.True, "the highlight's acknowledgement on the event stream");
        await CommandAsync("/api/highlight", """{"personId": null}""");
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Test]
    public void Events_WithoutToken_HandshakeRefused()
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(EventStream.Subprotocol);
        var ex = Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(_harness.Server.Address, "/api/events").ToWs(), CancellationToken.None));
        Assert.That(ex!.Message, Does.Contain("401"));
    }

    [TestCase("8")]
    [TestCase("4000")]
    public async Task Preview_WidthOutOfRange_400NamingWidth(string width)
    {
        using HttpResponseMessage response = await _harness.Client.SendAsync(ControlHarness.Authorized(HttpMethod.Get, $"/api/preview/programme.jpg?width={width}"));
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(await FieldOfAsync(response), Is.EqualTo("width"));
    }

    [Test]
    public async Task PreviewReplay_NoReplayChannel_204AndTheVirtualCamera503()
    {
        // As GET /api/replay: a run without a replay channel has no replay picture, which is not a failure.
        using HttpResponseMessage preview = await _harness.Client.SendAsync(ControlHarness.Authorized(HttpMethod.Get, "/api/preview/replay.jpg?width=160"));
        Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        using HttpResponseMessage shot = await _harness.Client.SendAsync(ControlHarness.Authorized(HttpMethod.Post, "/api/replay/virtual", """{"move": "orbit"}"""));
        Assert.That(shot.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await shot.Content.ReadAsStringAsync(), Does.Contain("no replay channel runs"));
        using HttpResponseMessage openApi = await _harness.Client.GetAsync("/openapi/v1.json");
        using JsonDocument doc = JsonDocument.Parse(await openApi.Content.ReadAsStringAsync());
        Assert.That(doc.RootElement.GetProperty("paths").GetProperty("/api/replay/virtual").GetProperty("post").TryGetProperty("requestBody", out _), Is.True);
    }

    [Test]
    public async Task OpenApi_Document_ListsEveryEndpointWithItsRequestBody()
    {
        using HttpResponseMessage response = await _harness.Client.GetAsync("/openapi/v1.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement paths = doc.RootElement.GetProperty("paths");
        foreach (string path in new[] { "/api/state", "/api/people", "/api/overlays", "/api/highlight", "/api/people/{id}/name", "/api/lower-third", "/api/lower-third/clear",
                     "/api/programme", "/api/plugins", "/api/plugins/{name}/settings", "/api/preview/{source}" })
            Assert.That(paths.TryGetProperty(path, out _), Is.True, path);
        Assert.That(paths.GetProperty("/api/overlays").GetProperty("post").TryGetProperty("requestBody", out _), Is.True);
        Assert.That(paths.GetProperty("/api/programme").GetProperty("post").TryGetProperty("requestBody", out _), Is.True);
        Assert.That(paths.GetProperty("/api/plugins/{name}/settings").GetProperty("put").TryGetProperty("requestBody", out _), Is.True);
    }

    [Test]
    public async Task Panel_Index_ServedWithAContentSecurityPolicy()
    {
        using HttpResponseMessage response = await _harness.Client.GetAsync("/");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'self'"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("panel.js"));
    }

    [Test]
    public void Start_NonLoopbackBindWithoutToken_RefusedNamingTheFieldAndTheVariable()
    {
        var ex = Assert.ThrowsAsync<ConfigException>(() => ControlServer.StartAsync(new ControlConfig("0.0.0.0", LoopbackPorts.FreeTcp(), null), null, new LiveControl()));
        Assert.That(ex!.Message, Does.Contain("control.bind").And.Contain("B3D_CONTROL_TOKEN").And.Contain("0.0.0.0"));
    }

    [Test]
    public void Token_TooShortOrWithSpaces_RefusedNamingWhereItCameFrom()
    {
        var config = new ControlConfig("127.0.0.1", 8080, null);
        Assert.That(() => ControlToken.Resolve(config, _ => "short"), Throws.TypeOf<ConfigException>().With.Message.Contain("B3D_CONTROL_TOKEN").And.Message.Contain("16"));
        Assert.That(() => ControlToken.Resolve(config, _ => "a token with spaces in it"), Throws.TypeOf<ConfigException>().With.Message.Contain("A-Z"));
        Assert.That(ControlToken.Resolve(config, _ => null), Is.Null);
        Assert.That(ControlToken.Resolve(config, _ => ControlHarness.Token)!.Matches(ControlHarness.Token), Is.True);
    }

    [Test]
    public void Load_ControlBindNotHostAndPort_ErrorNamesControlBind()
    {
        using var tmp = new TempFolder("b3d-control-config");
        string calibration = SharedAssets.CalibrationToml;
        string json = $$"""
            { "calibration": "{{calibration}}", "cameras": [ {"name": "cam01", "source": "udp://127.0.0.1:9"}, {"name": "cam02", "source": "udp://127.0.0.1:9"},
              {"name": "cam03", "source": "udp://127.0.0.1:9"}, {"name": "cam04", "source": "udp://127.0.0.1:9"} ],
              "control": {"bind": "example.com:80", "token": "x"} }
            """;
        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(json, "live.json", tmp.Path));
        Assert.That(ex!.Message, Does.Contain("control.bind: 'example.com:80'").And.Contain("control.token: unknown field"));
    }

    private async Task AssertRefusedAsync(string path, string body, int status, string field)
    {
        string before = OnAir();
        long commands = _harness.Channel.Stats.CommandsApplied;
        using HttpResponseMessage response = await _harness.Client.SendAsync(ControlHarness.Authorized(HttpMethod.Post, path, body));
        string text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
        Assert.That(await FieldOfAsync(response), Is.EqualTo(field), text);
        TestContext.Out.WriteLine($"{path} {body[..Math.Min(body.Length, 60)]} → {status}: {text[..Math.Min(text.Length, 300)]}");
        await Task.Delay(50);
        Assert.That(_harness.Channel.Stats.CommandsApplied, Is.EqualTo(commands), "commands applied");
        Assert.That(OnAir(), Is.EqualTo(before), "graphics on air");
    }

    private async Task<JsonElement> CommandAsync(string path, string? body)
    {
        using HttpResponseMessage response = await _harness.Client.SendAsync(ControlHarness.Authorized(HttpMethod.Post, path, body));
        string text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{path}: {text}");
        using JsonDocument doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    private static async Task<string?> FieldOfAsync(HttpResponseMessage response)
    {
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.TryGetProperty("field", out JsonElement f) ? f.GetString() : null;
    }

    private static async Task<JsonDocument> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        WebSocketReceiveResult r;
        do
        {
            r = await socket.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, r.Count);
        }
        while (!r.EndOfMessage);
        return JsonDocument.Parse(message.ToArray());
    }

    private string OnAir() => JsonSerializer.Serialize(_harness.GraphicsNow, ControlJson.Options);
}
