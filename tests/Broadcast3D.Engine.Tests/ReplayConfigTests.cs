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
    public void Parse_ReplayMeshFields_DefaultCarvedAt3CmAndReadWhenGiven()
    {
        const string outputs = "\"outputs\": [ {\"type\": \"ndi\", \"target\": \"B3D Replay\"} ]";
        ReplayConfig plain = PipelineConfigLoader.Parse(Config($$""", "record": {"folder": "rec"}, "replay": { {{outputs}} }"""), "live.json", "/base").Replay!;
        Assert.That((plain.Mesh, plain.MeshVoxelMetres), Is.EqualTo((true, 0.03)), "the virtual camera draws carved meshes at 3 cm by default");
        ReplayConfig given = PipelineConfigLoader.Parse(Config($$""", "record": {"folder": "rec"}, "replay": { {{outputs}}, "mesh": "none", "meshVoxel": 0.05 }"""),
            "live.json", "/base").Replay!;
        Assert.That((given.Mesh, given.MeshVoxelMetres), Is.EqualTo((false, 0.05)));
    }

    [Test]
    public void Parse_BadReplayMeshFields_EachNamedWithWhatToGive()
    {
        string[] errors = Errors(Config("""
            , "record": {"folder": "rec"},
            "replay": {"outputs": [ {"type": "ndi", "target": "B3D Replay"} ], "mesh": "wire", "meshVoxel": 0.001}
            """));
        Assert.That(errors, Has.Some.StartsWith("  replay.mesh: \"wire\" is not a mesh mode; give \"carved\""));
        Assert.That(errors, Has.Some.StartsWith("  replay.meshVoxel: 0.001 is not a voxel edge; give metres from 0.005 to 0.2"));
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
