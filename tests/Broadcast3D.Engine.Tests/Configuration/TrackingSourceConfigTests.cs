using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Sync;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests.Configuration;

/// <summary><c>tracking.source</c> and <c>tracking.bus</c> (issue #20): the 3D of a fusion node in place of local tracking.</summary>
public class TrackingSourceConfigTests
{
    private static string Trial => SharedAssets.BalancingTrial;

    private static string Config(string extra) => $$"""
        { "calibration": "{{SharedAssets.CalibrationToml}}",
          "cameras": [ { "name": "cam_01", "source": "{{Trial}}/videos/cam01.mp4" }, { "name": "cam_02", "source": "{{Trial}}/videos/cam02.mp4" },
                       { "name": "cam_03", "source": "{{Trial}}/videos/cam03.mp4" }, { "name": "cam_04", "source": "{{Trial}}/videos/cam04.mp4" } ],
          {{extra}} }
        """;

    private static string[] Errors(string json)
    {
        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(json, "live.json", "/base"));
        TestContext.Out.WriteLine(ex!.Message);
        return [.. ex.Message.Split('\n')[1..].Select(e => e.Trim())];
    }

    [Test]
    public void Parse_NoTrackingSection_LocalWithoutBus()
    {
        PipelineConfig config = PipelineConfigLoader.Parse(Config("\"delayFrames\": 2"), "live.json", "/base");
        Assert.That(config.Tracking.Source, Is.EqualTo(TrackingSource.Local));
        Assert.That(config.Tracking.Bus, Is.Null);
    }

    [Test]
    public void Parse_BusSourceWithTimestampPlacement_Accepted()
    {
        PipelineConfig config = PipelineConfigLoader.Parse(Config("""
            "tracking": {"source": "bus", "bus": "nats://10.0.0.5:4222"}, "sync": {"placement": "timestamps"}
            """), "live.json", "/base");
        Assert.That(config.Tracking.Source, Is.EqualTo(TrackingSource.Bus));
        Assert.That(config.Tracking.Bus, Is.EqualTo("nats://10.0.0.5:4222"));
        Assert.That(config.Sync.Placement, Is.EqualTo(OffsetEstimate.None));
    }

    [Test]
    public void Parse_BusSourceWithArrivalPlacement_RefusedNamingSyncPlacementAndWhatToSet()
    {
        string[] errors = Errors(Config("""
            "tracking": {"source": "bus", "bus": "nats://127.0.0.1:4222"}
            """));
        Assert.That(errors, Has.Length.EqualTo(1));
        Assert.That(errors[0], Does.StartWith("sync.placement: tracking.source \"bus\"").And.Contain("\"placement\": \"timestamps\""));
    }

    [Test]
    public void Parse_BadSourceMissingOrMalformedBus_EachNamedWithTheField()
    {
        Assert.That(Errors(Config("""
            "tracking": {"source": "cloud"}
            """)), Has.Some.StartsWith("tracking.source: 'cloud' is not a source; use \"local\" (track here) or \"bus\""));
        Assert.That(Errors(Config("""
            "tracking": {"source": "bus"}, "sync": {"placement": "timestamps"}
            """)), Is.EqualTo(new[] { "tracking.bus: required with \"source\": \"bus\"; give the fusion node's server, e.g. \"nats://10.0.0.5:4222\"" }));
        foreach (string bad in new[] { "http://10.0.0.5:4222", "nats://10.0.0.5", "10.0.0.5:4222", "nats://host:4222/stream" })
        {
            Assert.That(Errors(Config($$"""
                "tracking": {"source": "bus", "bus": "{{bad}}"}, "sync": {"placement": "timestamps"}
                """)), Is.EqualTo(new[] { $"tracking.bus: '{bad}' is not a bus address; give nats://HOST:PORT (the nats-server the fusion node publishes on)" }), bad);
        }
        Assert.That(Errors(Config("""
            "tracking": {"bus": "nats://10.0.0.5:4222"}
            """)), Has.Some.StartsWith("tracking.bus: only read with \"source\": \"bus\""));
    }
}
