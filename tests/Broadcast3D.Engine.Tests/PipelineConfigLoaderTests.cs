using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Sync;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Accelerators;

namespace Broadcast3D.Engine.Tests;

public class PipelineConfigLoaderTests
{
    private static string Trial => SharedAssets.BalancingTrial;

    // The four Balancing cameras under their calibration names, in calibration order.
    private static string FourCameras => $$"""
        { "name": "cam_01", "source": "{{Trial}}/videos/cam01.mp4" }, { "name": "cam_02", "source": "{{Trial}}/videos/cam02.mp4" },
        { "name": "cam_03", "source": "{{Trial}}/videos/cam03.mp4" }, { "name": "cam_04", "source": "{{Trial}}/videos/cam04.mp4" }
        """;

    private static string ValidJson => $$"""
        {
          // the Balancing trial as a 2-camera pipeline
          "frameRate": "59.94",
          "calibration": "{{SharedAssets.CalibrationToml}}",
          "cameras": [
            { "name": "cam_01", "source": "{{Trial}}/videos/cam01.mp4" },
            { "name": "cam_02", "source": "srt://127.0.0.1:9001?mode=listener", "offsetSeconds": 0.0166 },
            { "name": "cam_03", "source": "{{Trial}}/videos/cam03.mp4" }, { "name": "cam_04", "source": "{{Trial}}/videos/cam04.mp4" },
          ],
          "outputs": [ { "type": "ndi", "target": "B3D PGM", "alpha": true }, { "type": "file", "target": "out/pgm.mp4" } ],
          "delayFrames": 3,
          "program": { "camera": "cam_02", "width": 960, "height": 540 }
        }
        """;

    [Test]
    public void Parse_ValidConfig_ResolvesEverything()
    {
        PipelineConfig c = PipelineConfigLoader.Parse(ValidJson, "test.json", "/base");
        Assert.That(c.FrameRate, Is.EqualTo(FrameRate.Fps59_94));
        Assert.That(c.Cameras, Has.Count.EqualTo(4));
        Assert.That(c.Cameras[1].IsNetwork, Is.True);
        Assert.That(c.Cameras[1].OffsetSeconds, Is.EqualTo(new Rational(166, 10000)));
        Assert.That(c.Outputs[1].Target, Is.EqualTo("/base/out/pgm.mp4"));
        Assert.That(c.Outputs[0].Alpha, Is.True);
        Assert.That((c.DelayFrames, c.Program.Camera, c.Models.Pose), Is.EqualTo((3, "cam_02", "blazepose-full")));
    }

    [Test]
    public void Parse_SeveralMistakes_ListsEachWithItsFieldPath()
    {
        string json = """
            { "calibration": "nope.toml", "cameras": [ { "name": "a" }, { "name": "a", "source": "x.mp4", "ofset": 1 } ],
              "outputs": [ { "type": "fax", "target": "x" } ], "delayFrames": -1, "program": { "camera": "zz", "width": 641 } }
            """;
        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(json, "live.json", "/tmp"));
        Assert.That(ex!.Message, Does.Contain("live.json"));
        Assert.That(ex.Message, Does.Contain("calibration: file not found: /tmp/nope.toml"));
        Assert.That(ex.Message, Does.Contain("cameras[0].source: required"));
        Assert.That(ex.Message, Does.Contain("cameras[1].ofset: unknown field"));
        Assert.That(ex.Message, Does.Contain("cameras[1].source: file not found: /tmp/x.mp4"));
        Assert.That(ex.Message, Does.Contain("'a' is used 2 times"));
        Assert.That(ex.Message, Does.Contain("outputs[0].type: 'fax'"));
        Assert.That(ex.Message, Does.Contain("delayFrames: must be \"auto\" or an integer from 0 to 300, not -1"));
        Assert.That(ex.Message, Does.Contain("program.camera: 'zz' is not one of the cameras"));
        Assert.That(ex.Message, Does.Contain("program: 641x720: the width must be a multiple of 8 and the height even"));
    }

    [Test]
    public void Parse_SyncSection_PlacementAndStallTimeoutOrTheirErrors()
    {
        Assert.That(PipelineConfigLoader.Parse(ValidJson, "test.json", "/base").Sync, Is.EqualTo(SyncConfig.Default), "absent: arrival, 100 ms");
        string shared = ValidJson.Replace("\"delayFrames\": 3,", "\"delayFrames\": 3, \"sync\": {\"placement\": \"timestamps\", \"stallTimeoutMs\": 40},", StringComparison.Ordinal);
        SyncConfig sync = PipelineConfigLoader.Parse(shared, "test.json", "/base").Sync;
        Assert.That(sync.Placement, Is.EqualTo(OffsetEstimate.None), "senders sharing a clock keep their own timestamps");
        Assert.That(sync.StallTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(40)));

        string wrong = ValidJson.Replace("\"delayFrames\": 3,", "\"delayFrames\": 3, \"sync\": {\"placement\": \"gps\", \"stallTimeoutMs\": 1},", StringComparison.Ordinal);
        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(wrong, "live.json", "/base"));
        Assert.That(ex!.Message, Does.Contain("sync.placement: 'gps' is not a placement; use \"arrival\""));
        Assert.That(ex.Message, Does.Contain("sync.stallTimeoutMs: must be an integer from 10 to 5000"));
    }

    [Test]
    public void Parse_TrackingSection_AcceleratorOrItsFieldPathError()
    {
        Assert.That(PipelineConfigLoader.Parse(ValidJson, "test.json", "/base").Tracking.Accelerator, Is.EqualTo(TrackingAccelerator.Auto), "absent: auto");
        string cpu = ValidJson.Replace("\"delayFrames\": 3,", "\"delayFrames\": 3, \"tracking\": {\"accelerator\": \"cpu\"},", StringComparison.Ordinal);
        Assert.That(PipelineConfigLoader.Parse(cpu, "test.json", "/base").Tracking.Accelerator, Is.EqualTo(TrackingAccelerator.Cpu));
        string single = ValidJson.Replace("\"delayFrames\": 3,", "\"delayFrames\": 3, \"tracking\": {\"accelerator\": \"cuda-float\"},", StringComparison.Ordinal);
        Assert.That(PipelineConfigLoader.Parse(single, "test.json", "/base").Tracking.Accelerator, Is.EqualTo(TrackingAccelerator.CudaFloat), "the float kernel on CUDA");

        string wrong = ValidJson.Replace("\"delayFrames\": 3,", "\"delayFrames\": 3, \"tracking\": {\"accelerator\": \"gpu\", \"kernels\": 1},", StringComparison.Ordinal);
        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(wrong, "live.json", "/base"));
        Assert.That(ex!.Message, Does.StartWith("live.json: invalid configuration:"));
        Assert.That(ex.Message, Does.Contain("tracking.accelerator: 'gpu' is not an accelerator; use auto, cuda, opencl, cpu, reference, cuda-float, opencl-float, cpu-float"));
        Assert.That(ex.Message, Does.Contain("tracking.kernels: unknown field (known: accelerator, preprocess, source, bus)"));
    }

    [Test]
    public void Parse_TrackingPreprocess_ReadOrNamedWithItsFieldPath()
    {
        Assert.That(PipelineConfigLoader.Parse(ValidJson, "test.json", "/base").Tracking.Preprocess, Is.EqualTo(TrackingAccelerator.Auto), "absent: auto");
        string cpu = ValidJson.Replace("\"delayFrames\": 3,", "\"delayFrames\": 3, \"tracking\": {\"accelerator\": \"reference\", \"preprocess\": \"cpu\"},", StringComparison.Ordinal);
        TrackingConfig both = PipelineConfigLoader.Parse(cpu, "test.json", "/base").Tracking;
        Assert.That(both.Preprocess, Is.EqualTo(TrackingAccelerator.Cpu), "the crop kernel on ILGPU's CPU accelerator");
        Assert.That(both.Accelerator, Is.EqualTo(TrackingAccelerator.Reference), "set apart from the triangulation's accelerator");

        foreach (string bad in new[] { "gpu", "cuda-float" })
        {
            string wrong = ValidJson.Replace("\"delayFrames\": 3,", $"\"delayFrames\": 3, \"tracking\": {{\"preprocess\": \"{bad}\"}},", StringComparison.Ordinal);
            var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(wrong, "live.json", "/base"));
            Assert.That(ex!.Message, Does.StartWith("live.json: invalid configuration:"));
            Assert.That(ex.Message, Does.Contain($"tracking.preprocess: '{bad}' is not a preprocessing choice; use auto, cuda, opencl, cpu, reference"));
        }
    }

    [Test]
    public void Parse_LoopAndMaxSkeletonAge_ReadOrNamedWithTheirFieldPath()
    {
        PipelineConfig defaults = PipelineConfigLoader.Parse(ValidJson, "test.json", "/base");
        Assert.That(defaults.Cameras[0].Loop, Is.False);
        Assert.That(defaults.Overlay.MaxSkeletonAge, Is.EqualTo(TimeSpan.FromMilliseconds(500)), "default 0.5 s");

        string set = ValidJson.Replace("/videos/cam01.mp4\" }", "/videos/cam01.mp4\", \"loop\": true }", StringComparison.Ordinal)
            .Replace("\"delayFrames\": 3,", "\"delayFrames\": 3, \"overlay\": {\"maxSkeletonAgeMs\": 1200},", StringComparison.Ordinal);
        PipelineConfig c = PipelineConfigLoader.Parse(set, "test.json", "/base");
        Assert.That(c.Cameras[0].Loop, Is.True);
        Assert.That(c.Overlay.MaxSkeletonAge, Is.EqualTo(TimeSpan.FromMilliseconds(1200)));

        string wrong = ValidJson.Replace("/videos/cam01.mp4\" }", "/videos/cam01.mp4\", \"loop\": \"yes\" }", StringComparison.Ordinal)
            .Replace("\"offsetSeconds\": 0.0166 }", "\"offsetSeconds\": 0.0166, \"loop\": true }", StringComparison.Ordinal)
            .Replace("\"delayFrames\": 3,", "\"delayFrames\": 3, \"overlay\": {\"maxSkeletonAgeMs\": 0},", StringComparison.Ordinal);
        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(wrong, "live.json", "/base"));
        TestContext.Out.WriteLine(ex!.Message);
        Assert.That(ex.Message, Does.Contain("cameras[0].loop: must be true or false"));
        Assert.That(ex.Message, Does.Contain("cameras[1].loop: only file sources loop"));
        Assert.That(ex.Message, Does.Contain("overlay.maxSkeletonAgeMs: must be an integer from 20 to 60000"));
    }

    [Test]
    public void Parse_SectionsThatAreNotObjects_NamedOnceEachInsteadOfCrashing()
    {
        string json = $$"""
            { "calibration": "{{SharedAssets.CalibrationToml}}", "cameras": [ { "name": "cam_01", "source": "udp://127.0.0.1:9000" },
              { "name": "cam_02", "source": "udp://127.0.0.1:9001" }, { "name": "cam_03", "source": "udp://127.0.0.1:9002" },
              { "name": "cam_04", "source": "udp://127.0.0.1:9003" } ],
              "outputs": [ 5, "ndi" ], "models": [], "overlay": true, "program": "cam_01" }
            """;
        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(json, "live.json", "/tmp"));
        TestContext.Out.WriteLine(ex!.Message);
        Assert.That(ex.Message, Does.Contain("outputs[0]: must be an object with the fields type, target, alpha, not number"));
        Assert.That(ex.Message, Does.Contain("outputs[1]: must be an object with the fields type, target, alpha, not string"));
        Assert.That(ex.Message, Does.Contain("models: must be an object"));
        Assert.That(ex.Message, Does.Contain("overlay: must be an object"));
        Assert.That(ex.Message, Does.Contain("program: must be an object"));
        Assert.That(ex.Message.Split('\n'), Has.Length.EqualTo(6), "one line each, no follow-on errors");
    }

    [Test]
    public void Parse_AlphaOnOutputsThatCannotCarryIt_NamesEachFieldAndWhatToDo()
    {
        string json = $$"""
            { "calibration": "{{SharedAssets.CalibrationToml}}", "cameras": [ {{FourCameras}} ],
              "outputs": [
                { "type": "ndi", "target": "B3D graphics", "alpha": true },
                { "type": "file", "target": "graphics.mov", "alpha": true },
                { "type": "srt", "target": "srt://127.0.0.1:9000", "alpha": true },
                { "type": "udp", "target": "udp://127.0.0.1:9001", "alpha": true },
                { "type": "rtmp", "target": "rtmp://127.0.0.1/live/b3d", "alpha": true },
                { "type": "file", "target": "graphics.mp4", "alpha": true },
                { "type": "file", "target": "programme.mp4", "alpha": false },
                { "type": "ndi", "target": "B3D key", "alpha": "yes" } ] }
            """;
        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(json, "live.json", "/base"));
        string[] errors = ex!.Message.Split('\n')[1..];
        Assert.That(errors, Has.Length.EqualTo(5), ex.Message);
        Assert.That(errors[0], Does.Contain("outputs[2].alpha: srt outputs are H.264, which has no alpha channel").And.Contain("ndi output or a .mov file"));
        Assert.That(errors[1], Does.Contain("outputs[3].alpha: udp outputs are H.264"));
        Assert.That(errors[2], Does.Contain("outputs[4].alpha: rtmp outputs are H.264"));
        Assert.That(errors[3], Does.Contain("outputs[5].alpha: graphics.mp4 cannot carry alpha").And.Contain("ProRes 4444, which needs a .mov target"));
        Assert.That(errors[4], Does.Contain("outputs[7].alpha: must be true or false"));
    }

    [Test]
    public void Parse_AlphaOnNdiAndMovFile_Accepted()
    {
        string json = $$"""
            { "calibration": "{{SharedAssets.CalibrationToml}}", "cameras": [ {{FourCameras}} ],
              "outputs": [ { "type": "ndi", "target": "B3D graphics", "alpha": true }, { "type": "file", "target": "key/graphics.MOV", "alpha": true },
                           { "type": "file", "target": "programme.mp4" } ] }
            """;
        PipelineConfig c = PipelineConfigLoader.Parse(json, "live.json", "/base");
        Assert.That(c.Outputs.Select(o => o.Alpha), Is.EqualTo(new[] { true, true, false }));
        Assert.That(c.Outputs[1].Target, Is.EqualTo("/base/key/graphics.MOV"));
    }

    [Test]
    public void Parse_BrokenJson_NamesLine()
    {
        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse("{\n  \"cameras\": [\n  }", "bad.json", "/"));
        Assert.That(ex!.Message, Does.StartWith("bad.json: not valid JSON at line 3"));
    }

    [Test]
    public void Load_MissingFile_SaysSo() =>
        Assert.That(() => PipelineConfigLoader.Load("/nonexistent/live.json"),
            Throws.TypeOf<ConfigException>().With.Message.EqualTo("/nonexistent/live.json: configuration file not found"));
}
