using Broadcast3D.Engine.Configuration;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>The <c>replay</c> section: its outputs read as the programme's, and refusals naming the field path.</summary>
public class ReplayConfigTests
{
    private static string Trial => SharedAssets.BalancingTrial;

    private static string Config(string sections) => $$"""
        { "calibration": "{{SharedAssets.CalibrationToml}}", "cameras": [
          { "name": "cam_01", "source": "{{Trial}}/videos/cam01.mp4" }, { "name": "cam_02", "source": "{{Trial}}/videos/cam02.mp4" },
          { "name": "cam_03", "source": "{{Trial}}/videos/cam03.mp4" }, { "name": "cam_04", "source": "{{Trial}}/videos/cam04.mp4" } ],
          "outputs": [ { "type": "ndi", "target": "B3D Programme" } ]
          {{sections}} }
        """;

    private static string[] Errors(string json)
    {
        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(json, "live.json", "/base"));
        return ex!.Message.Split('\n')[1..];
    }

    [Test]
    public void Parse_NoReplaySection_NoReplayChannel() =>
        Assert.That(PipelineConfigLoader.Parse(Config(""", "record": {"folder": "rec"}"""), "live.json", "/base").Replay, Is.Null);

    [Test]
    public void Parse_ReplayOutputs_ReadAsTheProgrammesWithFilesResolved()
    {
        PipelineConfig config = PipelineConfigLoader.Parse(Config("""
            , "record": {"folder": "rec"},
            "replay": {"outputs": [ {"type": "ndi", "target": "B3D Replay"}, {"type": "file", "target": "replay.mp4"} ]}
            """), "live.json", "/base");
        Assert.That(config.Replay!.Outputs, Is.EqualTo(new[] { new OutputConfig(OutputKind.Ndi, "B3D Replay", false), new OutputConfig(OutputKind.File, "/base/replay.mp4", false) }));
    }

    [Test]
    public void Parse_ReplayWithoutRecord_RefusedSayingWhatToAdd()
    {
        string[] errors = Errors(Config(""", "replay": {"outputs": [ {"type": "ndi", "target": "B3D Replay"} ]}"""));
        Assert.That(errors, Has.Some.StartsWith("  replay: a replay channel plays the recording; add a \"record\""));
    }

    [Test]
    public void Parse_BadReplayOutputs_EachNamedByFieldPath()
    {
        string[] errors = Errors(Config("""
            , "record": {"folder": "rec"},
            "replay": {"outputs": [ {"type": "ndi", "target": "b3d programme"}, {"type": "tape", "target": "x"},
                                    {"type": "ndi", "target": "R", "alpha": true}, {"type": "ndi", "target": "r"} ], "speed": 1}
            """));
        Assert.That(errors, Has.Some.StartsWith("  replay.outputs[0].target: 'b3d programme' is already a programme output"));
        Assert.That(errors, Has.Some.StartsWith("  replay.outputs[1].type: 'tape' is not an output type"));
        Assert.That(errors, Has.Some.StartsWith("  replay.outputs[2].alpha: the replay channel sends its picture with the graphics drawn in"));
        Assert.That(errors, Has.Some.StartsWith("  replay.outputs: two ndi outputs are named 'R'"));
        Assert.That(errors, Has.Some.StartsWith("  replay.speed: unknown field"));
    }

    [Test]
    public void Parse_ReplayWithoutOutputs_Refused()
    {
        string[] errors = Errors(Config(""", "record": {"folder": "rec"}, "replay": {"outputs": []}"""));
        Assert.That(errors, Has.Some.StartsWith("  replay.outputs: required, a non-empty array of outputs like the programme's"));
    }
}
