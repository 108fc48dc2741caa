using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Privacy;

namespace Broadcast3D.Engine.Tests.Configuration;

/// <summary>The one JSON reader of the configuration and the consent registry: the same leniency and the same errors for both.</summary>
public class ConfigJsonTests
{
    [Test]
    public void Parse_ByteOrderMarkCommentsAndTrailingComma_Read()
    {
        using var doc = ConfigJson.Parse("\uFEFF{ // a comment\n \"a\": [1, 2,], }", "x.json");
        Assert.That(doc.RootElement.GetProperty("a").GetArrayLength(), Is.EqualTo(2));
    }

    [Test]
    public void Parse_SyntaxErrorInConfigurationAndRegistry_SameMessageNamingFileAndLine()
    {
        const string broken = "{\n  \"identities\": [\n    {\"id\": \"a\" \"name\": \"b\"}\n  ]\n}";
        var config = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(broken, "live.json", "."))!;
        var registry = Assert.Throws<ConfigException>(() => ConsentRegistry.Parse(broken, "consent.json", null))!;

        Assert.That(config.Message, Does.StartWith("live.json: not valid JSON at line 3"));
        Assert.That(registry.Message, Is.EqualTo(config.Message.Replace("live.json", "consent.json", StringComparison.Ordinal)));
    }
}
