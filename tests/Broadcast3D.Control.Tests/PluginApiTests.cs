using System.Net;
using System.Text.Json;

namespace Broadcast3D.Control.Tests;

/// <summary>
/// The overlay plugins by name over real HTTP against a running channel (<see cref="ControlHarness"/>, the built-in
/// plugins of the catalog): any plugin switched on and off by its name, settings replaced at run time and checked by
/// the plugin itself, refusals naming the field's path and changing nothing. A cut needs cameras:
/// the live tests run them on a live programme.
/// </summary>
[NonParallelizable]
public class PluginApiTests
{
    private ControlHarness _harness = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _harness = await ControlHarness.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _harness.DisposeAsync();

    [Test]
    public async Task Plugins_Get_EveryOverlayPluginWithWhetherItIsOnAndItsSettings()
    {
        JsonElement plugins = await GetAsync("/api/plugins");
        string[] names = [.. plugins.EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];
        Assert.That(names, Is.SupersetOf(new[] { "skeleton", "labels", "trails", "speed", "bodies", "ground-line" }));
        Assert.That(names, Does.Not.Contain("jump"), "analytics plugins draw nothing: not listed as overlays");
        JsonElement skeleton = plugins.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "skeleton");
        Assert.That(skeleton.GetProperty("on").GetBoolean(), Is.True, "the harness's configuration has the skeleton on");
        Assert.That(skeleton.GetProperty("source").GetString(), Is.EqualTo("built-in"));
        Assert.That(skeleton.GetProperty("settings").GetString(), Is.EqualTo("{}"));
    }

    [Test]
    public async Task Overlays_PluginByName_OnThenOffInTheGraphicsState()
    {
        Assert.That(_harness.GraphicsNow.Overlays, Does.Not.Contain("ground-line"), "off in the configuration");
        JsonElement on = await CommandAsync(HttpMethod.Post, "/api/overlays", """{"kind": "ground-line", "on": true}""");
        Assert.That(on.GetProperty("command").GetString(), Is.EqualTo("overlay ground-line on"));
        Assert.That(_harness.GraphicsNow.Overlays, Does.Contain("ground-line"));
        Assert.That((await GetAsync("/api/plugins")).EnumerateArray().Single(p => p.GetProperty("name").GetString() == "ground-line")
            .GetProperty("on").GetBoolean(), Is.True);
        await CommandAsync(HttpMethod.Post, "/api/overlays", """{"kind": "ground-line", "on": false}""");
        Assert.That(_harness.GraphicsNow.Overlays, Does.Not.Contain("ground-line"));
    }

    [Test]
    public async Task Overlays_PluginByNameForOnePerson_HiddenForThatPersonOnly()
    {
        await CommandAsync(HttpMethod.Post, "/api/overlays", """{"kind": "bodies", "on": false, "personId": 7}""");
        long commands = _harness.Channel.Stats.CommandsApplied;
        // Read on the channel thread, where the selection lives.
        var hidden = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _harness.Channel.Post(() => hidden.SetResult(!_harness.Overlays.Selection.IsShown("bodies", ControlHarness.PersonId)
                                                     && _harness.Overlays.Selection.HidesAnyone("bodies")));
        Assert.That(await hidden.Task.WaitAsync(TimeSpan.FromSeconds(5)), Is.True, "bodies hidden for #7 in the overlay host's selection");
        Assert.That(_harness.Channel.Stats.CommandsApplied, Is.GreaterThan(commands));
        await CommandAsync(HttpMethod.Post, "/api/overlays", """{"kind": "bodies", "on": true, "personId": 7}""");
    }

    [Test]
    public async Task PluginSettings_Valid_OnAirFromTheNextFrameAndListed()
    {
        JsonElement ack = await CommandAsync(HttpMethod.Put, "/api/plugins/trails/settings", """{"samples": 30, "colour": "#FF00FF"}""");
        Assert.That(ack.GetProperty("command").GetString(), Is.EqualTo("plugin trails settings"));
        Assert.That(ack.GetProperty("appliedAtFrame").GetInt64(), Is.GreaterThan(ack.GetProperty("postedAtFrame").GetInt64()));
        JsonElement trails = (await GetAsync("/api/plugins")).EnumerateArray().Single(p => p.GetProperty("name").GetString() == "trails");
        using JsonDocument settings = JsonDocument.Parse(trails.GetProperty("settings").GetString()!);
        Assert.That(settings.RootElement.GetProperty("samples").GetInt32(), Is.EqualTo(30));
        Assert.That(settings.RootElement.GetProperty("colour").GetString(), Is.EqualTo("#FF00FF"));
        await CommandAsync(HttpMethod.Put, "/api/plugins/trails/settings", "{}");
    }

    [TestCase("trails", """{"samples": 1}""", 422, "samples")]
    [TestCase("trails", """{"samples": 30, "widthPixels": "wide"}""", 422, "widthPixels")]
    [TestCase("trails", """{"sampels": 30}""", 422, "sampels")]
    [TestCase("skeleton", """{"colour": "orange"}""", 422, "colour")]
    [TestCase("laser", """{"colour": "#FF0000"}""", 404, "name")]
    [TestCase("trails", "[]", 400, "body")]
    [TestCase("trails", "{not json", 400, "body")]
    public async Task PluginSettings_Refused_ProblemNamingTheFieldAndSettingsUnchanged(string name, string body, int status, string field)
    {
        string before = (await GetAsync("/api/plugins")).GetRawText();
        using HttpResponseMessage response = await _harness.Client.SendAsync(ControlHarness.Authorized(HttpMethod.Put, $"/api/plugins/{name}/settings", body));
        string text = await response.Content.ReadAsStringAsync();
        TestContext.Out.WriteLine($"{name} {body} → {(int)response.StatusCode}: {text}");
        Assert.That((int)response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
        using JsonDocument problem = JsonDocument.Parse(text);
        Assert.That(problem.RootElement.GetProperty("field").GetString(), Is.EqualTo(field), text);
        Assert.That((await GetAsync("/api/plugins")).GetRawText(), Is.EqualTo(before), "every plugin's settings unchanged");
    }

    [Test]
    public async Task PluginSettings_WithoutToken_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/plugins/trails/settings") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        using HttpResponseMessage response = await _harness.Client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using HttpResponseMessage list = await _harness.Client.GetAsync("/api/plugins");
        Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Programme_NoCamerasAttached_503AndCameraPreviewUnknownSource404()
    {
        using (HttpResponseMessage cut = await _harness.Client.SendAsync(ControlHarness.Authorized(HttpMethod.Post, "/api/programme", """{"camera": "cam01"}""")))
            Assert.That((int)cut.StatusCode, Is.EqualTo(503), await cut.Content.ReadAsStringAsync());
        using (HttpResponseMessage missing = await _harness.Client.SendAsync(ControlHarness.Authorized(HttpMethod.Post, "/api/programme", """{"cam": "cam01"}""")))
            Assert.That((int)missing.StatusCode, Is.EqualTo(400), await missing.Content.ReadAsStringAsync());
        using HttpResponseMessage preview = await _harness.Client.SendAsync(ControlHarness.Authorized(HttpMethod.Get, "/api/preview/cam09.jpg"));
        string text = await preview.Content.ReadAsStringAsync();
        Assert.That((int)preview.StatusCode, Is.EqualTo(404), text);
        using JsonDocument problem = JsonDocument.Parse(text);
        Assert.That(problem.RootElement.GetProperty("field").GetString(), Is.EqualTo("source"));
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using HttpResponseMessage response = await _harness.Client.SendAsync(ControlHarness.Authorized(HttpMethod.Get, path));
        string text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{path}: {text}");
        using JsonDocument doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    private async Task<JsonElement> CommandAsync(HttpMethod method, string path, string body)
    {
        using HttpResponseMessage response = await _harness.Client.SendAsync(ControlHarness.Authorized(method, path, body));
        string text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{path}: {text}");
        using JsonDocument doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }
}
