using Broadcast3D.Engine.Configuration;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary><c>delayFrames</c> ("auto", the default, or a number) and <c>maxDelayFrames</c> in a <c>b3d run</c> configuration.</summary>
public class DelayConfigTests
{
    private static string Trial => SharedAssets.BalancingTrial;

    private static string Json(string delay) => $$"""
        {
          "calibration": "{{SharedAssets.CalibrationToml}}",
          "cameras": [
            { "name": "cam_01", "source": "{{Trial}}/videos/cam01.mp4" }, { "name": "cam_02", "source": "{{Trial}}/videos/cam02.mp4" },
            { "name": "cam_03", "source": "{{Trial}}/videos/cam03.mp4" }, { "name": "cam_04", "source": "{{Trial}}/videos/cam04.mp4" },
          ],
          {{delay}}
          "program": { "camera": "cam_01", "width": 272, "height": 480 }
        }
        """;

    [Test]
    public void Parse_NoDelayFrames_IsAutoWithTheDefaultBound()
    {
        PipelineConfig c = PipelineConfigLoader.Parse(Json(""), "t.json", "/");
        Assert.That((c.AutoDelay, c.DelayFrames, c.MaxDelayFrames), Is.EqualTo((true, 0, PipelineConfig.DefaultMaxDelayFrames)));
    }

    [Test]
    public void Parse_AutoWithMaxDelayFrames_TakesTheBound()
    {
        PipelineConfig c = PipelineConfigLoader.Parse(Json("\"delayFrames\": \"auto\", \"maxDelayFrames\": 45,"), "t.json", "/");
        Assert.That((c.AutoDelay, c.MaxDelayFrames), Is.EqualTo((true, 45)));
    }

    [Test]
    public void Parse_ANumber_FixesTheDelay()
    {
        PipelineConfig c = PipelineConfigLoader.Parse(Json("\"delayFrames\": 2,"), "t.json", "/");
        Assert.That((c.AutoDelay, c.DelayFrames, c.MaxDelayFrames), Is.EqualTo((false, 2, 2)));
    }

    [TestCase("\"delayFrames\": \"soon\",", "delayFrames: must be \"auto\" or an integer from 0 to 300, not \"soon\"")]
    [TestCase("\"delayFrames\": 2, \"maxDelayFrames\": 40,", "maxDelayFrames: bounds the automatic delay only")]
    [TestCase("\"maxDelayFrames\": 0,", "maxDelayFrames: must be an integer from 1 to 300")]
    public void Parse_BadDelay_SaysWhichFieldAndWhatToDo(string delay, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(Json(delay), "t.json", "/"));
        Assert.That(ex!.Message, Does.Contain("t.json").And.Contain(message));
    }
}
