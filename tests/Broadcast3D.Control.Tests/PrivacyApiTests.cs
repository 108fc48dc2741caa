using System.Net;
using System.Text.Json;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Control;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Control.Tests;

/// <summary>The consent endpoints (issue #21): the operator links a track to an identity; every read of personal data is audited with the token's name.</summary>
public class PrivacyApiTests
{
    private const string Registry = """
        {"identities": [{"id": "ath-07", "name": "Ada Sprinter", "consents": ["broadcast"]}]}
        """;

    [Test]
    public async Task Links_LinkReadUnlink_RegistryFollowsAndEveryReadAudited()
    {
        using var tmp = new TempFolder("b3d-privacy-api");
        var privacy = new LivePrivacy(ConsentRegistry.Parse(Registry, "consent.json", null), BlurMode.Untracked, tmp.File("audit.jsonl"));
        await using ControlServer server = await ControlServer.StartAsync(new ControlConfig("127.0.0.1", LoopbackPorts.FreeTcp(), null),
            ControlToken.FromValue(ControlHarness.Token, "operator.token"), new LiveControl { Privacy = privacy });
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };

        using (HttpResponseMessage unknown = await client.SendAsync(ControlHarness.Authorized(HttpMethod.Post, "/api/privacy/links", """{"trackId": 3, "identity": "ath-99"}""")))
        {
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await unknown.Content.ReadAsStringAsync(), Does.Contain("\"field\":\"identity\"").And.Contain("ath-07"));
        }
        using (HttpResponseMessage linked = await client.SendAsync(ControlHarness.Authorized(HttpMethod.Post, "/api/privacy/links", """{"trackId": 3, "identity": "ath-07"}""")))
            Assert.That(linked.StatusCode, Is.EqualTo(HttpStatusCode.OK), await linked.Content.ReadAsStringAsync());
        Assert.That(privacy.Registry.Consented(3, Consents.Broadcast), Is.True, "the blur reads the link on the next picture");

        using (HttpResponseMessage links = await client.SendAsync(ControlHarness.Authorized(HttpMethod.Get, "/api/privacy/links")))
        {
            using JsonDocument doc = JsonDocument.Parse(await links.Content.ReadAsStringAsync());
            JsonElement link = doc.RootElement.EnumerateArray().Single();
            Assert.That((link.GetProperty("trackId").GetInt32(), link.GetProperty("identity").GetString(), link.GetProperty("byOperator").GetBoolean()),
                Is.EqualTo((3, "ath-07", true)));
        }
        using (HttpResponseMessage unlinked = await client.SendAsync(ControlHarness.Authorized(HttpMethod.Delete, "/api/privacy/links/3")))
            Assert.That(unlinked.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(privacy.Registry.IdentityOf(3), Is.Null);
        using (HttpResponseMessage anonymous = await client.GetAsync("/api/privacy/identities"))
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "personal data needs the token");

        string[] audit = File.ReadAllLines(tmp.File("audit.jsonl"));
        Assert.That(audit.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("what").GetString()), Is.EqualTo(new[] { "link", "api-read", "unlink" }));
        Assert.That(audit.All(l => l.Contains("\"who\":\"token:operator.token\"", StringComparison.Ordinal)));
    }
}
