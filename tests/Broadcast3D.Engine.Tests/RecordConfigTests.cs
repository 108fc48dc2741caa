using Broadcast3D.Engine.Configuration;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>The <c>record</c> section and <c>cameras[i].record</c>: accepted values, and refusals naming the field.</summary>
public class RecordConfigTests
{
    private static string Trial => SharedAssets.BalancingTrial;

    private static string Config(string record, string camera1Extra = "") => $$"""
        { "calibration": "{{SharedAssets.CalibrationToml}}", "cameras": [
          { "name": "cam_01", "source": "{{Trial}}/videos/cam01.mp4"{{camera1Extra}} }, { "name": "cam_02", "source": "{{Trial}}/videos/cam02.mp4" },
          { "name": "cam_03", "source": "{{Trial}}/videos/cam03.mp4" }, { "name": "cam_04", "source": "{{Trial}}/videos/cam04.mp4" } ]
          {{record}} }
        """;

    private static string[] Errors(string json)
    {
        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(json, "live.json", "/base"));
        return ex!.Message.Split('\n')[1..];
    }

    [Test]
    public void Parse_NoRecordSection_NothingRecorded() =>
        Assert.That(PipelineConfigLoader.Parse(Config(""), "live.json", "/base").Record, Is.Null);

    [Test]
    public void Parse_RecordSection_FolderResolvedAgainstTheConfigAndDefaultsKept()
    {
        PipelineConfig config = PipelineConfigLoader.Parse(Config(""", "record": {"folder": "rec", "retainMinutes": 30}"""), "live.json", "/base");
        Assert.That(config.Record, Is.EqualTo(new RecordConfig("/base/rec", 30, 100)));
        Assert.That(config.Cameras.Select(c => c.Record), Has.All.EqualTo(RecordMode.Copy), "copy by default");
    }

    [Test]
    public void Parse_KeepUnblurred_FalseByDefaultTrueWhenSetOtherValuesRefused()
    {
        Assert.That(PipelineConfigLoader.Parse(Config(""", "record": {"folder": "rec"}"""), "live.json", "/base").Record!.KeepUnblurred, Is.False);
        Assert.That(PipelineConfigLoader.Parse(Config(""", "record": {"folder": "rec", "keepUnblurred": true}"""), "live.json", "/base").Record!.KeepUnblurred, Is.True);
        Assert.That(Errors(Config(""", "record": {"folder": "rec", "keepUnblurred": "yes"}""")), Has.Some.StartsWith("  record.keepUnblurred: must be true or false"));
    }

    [Test]
    public void Parse_CameraRecordEncode_Accepted()
    {
        PipelineConfig config = PipelineConfigLoader.Parse(Config(""", "record": {"folder": "rec"}""", """, "record": "encode" """), "live.json", "/base");
        Assert.That(config.Cameras[0].Record, Is.EqualTo(RecordMode.Encode));
    }

    [Test]
    public void Parse_BadRecordValues_EachNamedByFieldPath()
    {
        string[] errors = Errors(Config(""", "record": {"retainMinutes": 0, "maxGigabytes": "10", "keep": 1}""", """, "record": "mirror" """));
        Assert.That(errors, Has.Some.StartsWith("  record.folder: required"));
        Assert.That(errors, Has.Some.StartsWith("  record.retainMinutes: must be an integer from 1 to 10080"));
        Assert.That(errors, Has.Some.StartsWith("  record.maxGigabytes: must be a number of GiB from 0.1 to 100000"));
        Assert.That(errors, Has.Some.StartsWith("  record.keep: unknown field"));
        Assert.That(errors, Has.Some.StartsWith("  cameras[0].record: 'mirror' is not a recording mode; use \"copy\""));
    }

    [Test]
    public void Parse_RecordFolderIsAFile_Refused()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("rec"), "");
        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(Config(""", "record": {"folder": "rec"}"""), "live.json", temp.Path));
        Assert.That(ex!.Message, Does.Contain($"record.folder: {temp.File("rec")} is a file"));
    }
}
