using System.Text;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// What the loader refuses that used to run with a silently wrong meaning (issue #13's hostile probe): each refusal
/// names the field and what to do.
/// </summary>
public class PipelineConfigValidationTests
{
    private static string Trial => SharedAssets.BalancingTrial;

    private static string Cameras => $$"""
        { "name": "cam_01", "source": "{{Trial}}/videos/cam01.mp4" }, { "name": "cam_02", "source": "{{Trial}}/videos/cam02.mp4" },
        { "name": "cam_03", "source": "{{Trial}}/videos/cam03.mp4" }, { "name": "cam_04", "source": "{{Trial}}/videos/cam04.mp4" }
        """;

    /// <summary>A valid configuration of the four Balancing cameras with <paramref name="extra"/> fields added.</summary>
    private static string Config(string extra, string? cameras = null, string? calibration = null) => $$"""
        { "calibration": "{{calibration ?? SharedAssets.CalibrationToml}}", "cameras": [ {{cameras ?? Cameras}} ]{{(extra.Length > 0 ? ", " + extra : "")}} }
        """;

    private static string[] Errors(string json)
    {
        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(json, "live.json", "/base"));
        TestContext.Out.WriteLine(ex!.Message);
        return ex.Message.Split('\n')[1..];
    }

    [Test]
    public void Parse_ValidBaseConfig_Accepted() =>
        Assert.That(PipelineConfigLoader.Parse(Config(""), "live.json", "/base").Cameras, Has.Count.EqualTo(4));

    [Test]
    public void Parse_UnknownModelNamesAndFilesWithoutFamily_NameTheFieldAndTheChoices()
    {
        string[] errors = Errors(Config("""
            "models": { "detector": "yolov99", "pose": "/no/such/pose.onnx" }
            """));
        Assert.That(errors, Has.Length.EqualTo(3));
        Assert.That(errors[0], Does.Contain("models.detector: 'yolov99' is not a known person detector (rtmdet").And.Contain("nor an .onnx file"));
        Assert.That(errors[1], Does.Contain("models.pose: file not found: /no/such/pose.onnx"));
        Assert.That(errors[2], Does.Contain("models.poseFamily: required with a model file (blazepose, movenet, rtmpose)"));

        string[] swapped = Errors(Config("""
            "models": { "detector": "blazepose-full", "pose": "rtmdet" }
            """));
        Assert.That(swapped, Has.Length.EqualTo(2));
        Assert.That(swapped[0], Does.Contain("models.detector: 'blazepose-full' is a pose model, not a person detector"));
        Assert.That(swapped[1], Does.Contain("models.pose: 'rtmdet' is a person detector, not a pose model"));
    }

    [Test]
    public void Parse_ModelFileWithItsFamily_ResolvedAgainstTheConfigFolder()
    {
        using var tmp = new TempFolder();
        File.WriteAllBytes(tmp.File("pose.onnx"), [0]);
        PipelineConfig c = PipelineConfigLoader.Parse(Config("""
            "models": { "pose": "pose.onnx", "poseFamily": "rtmpose" }
            """), "live.json", tmp.Path);
        Assert.That((c.Models.Pose, c.Models.PoseFamily, c.Models.Detector), Is.EqualTo((tmp.File("pose.onnx"), "rtmpose", "rtmdet")));

        string[] errors = Errors(Config($$"""
            "models": { "pose": "{{tmp.File("pose.onnx")}}", "poseFamily": "yolox" }
            """));
        Assert.That(errors, Has.Length.EqualTo(1));
        Assert.That(errors[0], Does.Contain("models.poseFamily: 'yolox' is not a pose model family; use blazepose, movenet, rtmpose"));
    }

    [Test]
    public void Parse_OffsetSecondsAsStringOrOutOfRange_IsATypeError()
    {
        string cameras = Cameras.Replace("cam02.mp4\" }", "cam02.mp4\", \"offsetSeconds\": \"0.5\" }", StringComparison.Ordinal)
            .Replace("cam03.mp4\" }", "cam03.mp4\", \"offsetSeconds\": 3600 }", StringComparison.Ordinal);
        string[] errors = Errors(Config("", cameras));
        Assert.That(errors, Has.Length.EqualTo(2));
        Assert.That(errors[0], Does.Contain("cameras[1].offsetSeconds: must be a number of seconds from -60 to 60 (e.g. 0.0166), not \"0.5\""));
        Assert.That(errors[1], Does.Contain("cameras[2].offsetSeconds: must be a number of seconds").And.Contain("not 3600"));
    }

    [Test]
    public void Parse_OutputTypesGivenAsNumbers_Refused()
    {
        string[] errors = Errors(Config("""
            "outputs": [ { "type": "1", "target": "a.mp4" }, { "type": 4, "target": "b.mp4" } ]
            """));
        Assert.That(errors, Has.Length.EqualTo(2));
        Assert.That(errors[0], Does.Contain("outputs[0].type: '1' is not an output type; use ndi, file, srt, rtmp or udp"));
        Assert.That(errors[1], Does.Contain("outputs[1].type: must be a non-empty string"));
    }

    [Test]
    public void Parse_StreamTargetsThatAreNotUrlsOfTheirProtocol_Refused()
    {
        string[] errors = Errors(Config("""
            "outputs": [ { "type": "srt", "target": "programme.ts" }, { "type": "udp", "target": "srt://127.0.0.1:9000" },
                         { "type": "rtmp", "target": "rtmp:/live" }, { "type": "udp", "target": "udp://239.0.0.1" },
                         { "type": "srt", "target": "srt://127.0.0.1:9000?mode=listener" }, { "type": "rtmp", "target": "rtmp://host/app/key" } ]
            """));
        Assert.That(errors, Has.Length.EqualTo(4));
        Assert.That(errors[0], Does.Contain("outputs[0].target: 'programme.ts' is not a srt:// URL with a host and port").And.Contain("\"type\": \"file\""));
        Assert.That(errors[1], Does.Contain("outputs[1].target: 'srt://127.0.0.1:9000' is not a udp:// or rtp:// URL"));
        Assert.That(errors[2], Does.Contain("outputs[2].target: 'rtmp:/live' is not a rtmp:// or rtmps:// URL"));
        Assert.That(errors[3], Does.Contain("outputs[3].target: 'udp://239.0.0.1' is not a udp:// or rtp:// URL with a host and port"));
    }

    [Test]
    public void Parse_FrameRateAbove240_RefusedWithTheReason()
    {
        string[] errors = Errors(Config("\"frameRate\": \"1000000\""));
        Assert.That(errors, Has.Length.EqualTo(1));
        Assert.That(errors[0], Does.StartWith("  frameRate: 1000000 fps is above 240 fps"));
        Assert.That(PipelineConfigLoader.Parse(Config("\"frameRate\": \"240\""), "live.json", "/base").FrameRate.Numerator, Is.EqualTo(240));
    }

    [Test]
    public void Parse_SameOutputTargetTwice_Refused()
    {
        string[] errors = Errors(Config("""
            "outputs": [ { "type": "file", "target": "out/pgm.mp4" }, { "type": "file", "target": "out/../out/pgm.mp4" },
                         { "type": "ndi", "target": "B3D PGM" }, { "type": "ndi", "target": "b3d pgm", "alpha": true },
                         { "type": "file", "target": "/tmp" } ]
            """));
        Assert.That(errors, Has.Length.EqualTo(3));
        Assert.That(errors[0], Does.Contain("outputs[4].target: /tmp is a folder; give the file to write"));
        Assert.That(errors[1], Does.Contain("outputs: 2 file outputs write to /base/out/pgm.mp4; each output needs its own target"));
        Assert.That(errors[2], Does.Contain("outputs: two ndi outputs are named 'B3D PGM'; NDI source names must be unique"));
    }

    [Test]
    public void Parse_CamerasNotTheCalibrations_NamedWithTheCalibrationOrder()
    {
        string cameras = $$"""
            { "name": "cam_02", "source": "{{Trial}}/videos/cam02.mp4" }, { "name": "cam_01", "source": "{{Trial}}/videos/cam01.mp4" },
            { "name": "camX", "source": "{{Trial}}/videos/cam03.mp4" }
            """;
        string[] errors = Errors(Config("", cameras));
        Assert.That(errors, Has.Length.EqualTo(4));
        Assert.That(errors[0], Does.Contain("cameras[0].name: 'cam_02' is camera 2 of the calibration; list the cameras in calibration order (cam_01, cam_02, cam_03, cam_04)"));
        Assert.That(errors[1], Does.Contain("cameras[1].name: 'cam_01' is camera 1 of the calibration"));
        Assert.That(errors[2], Does.Contain("cameras[2].name: 'camX' is not a camera of the calibration (cam_01, cam_02, cam_03, cam_04)"));
        Assert.That(errors[3], Does.Contain("cameras: 3 listed, the calibration has 4"));
    }

    [Test]
    public void Parse_DelayLineLargerThanMemoryAllows_Refused()
    {
        using var tmp = new TempFolder();
        // Four 8K cameras: 301 pictures of 7680×4320 BGRA are 37 GiB, beyond the 8 GiB cap on any machine.
        CameraRig full = CalibrationToml.Read(SharedAssets.CalibrationToml);
        string calibration = tmp.File("8k.toml");
        CalibrationToml.Write(new CameraRig([.. full.Cameras.Select(c =>
            new Camera(c.Name, 7680, 4320, c.Intrinsics, c.Distortion, c.RotationVector, c.TranslationMetres))]), calibration);
        string[] errors = Errors(Config("\"delayFrames\": 300", calibration: calibration));
        Assert.That(errors, Has.Length.EqualTo(1));
        Assert.That(errors[0], Does.Contain("delayFrames: 300 frames of cam_01's 7680×4320 pictures need 37.2 GiB, more than the"));
        Assert.That(PipelineConfigLoader.Parse(Config("\"delayFrames\": 10", calibration: calibration), "live.json", "/base").DelayFrames, Is.EqualTo(10),
            "11 × 133 MB fits");
    }

    [Test]
    public void Load_Utf8ByteOrderMark_Accepted()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("live.json");
        File.WriteAllText(path, Config(""), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.That(File.ReadAllBytes(path)[..3], Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "the file starts with a BOM");
        Assert.That(PipelineConfigLoader.Load(path).Cameras, Has.Count.EqualTo(4));
        Assert.That(PipelineConfigLoader.Parse("\uFEFF" + Config(""), "live.json", "/base").Cameras, Has.Count.EqualTo(4));
    }

    [Test]
    public void Parse_FolderWhereAFileBelongs_SaysItIsAFolder()
    {
        using var tmp = new TempFolder();
        string[] errors = Errors(Config("", calibration: tmp.Path));
        Assert.That(errors, Has.Length.EqualTo(1));
        Assert.That(errors[0], Does.Contain($"calibration: {tmp.Path} is a folder; give a file"));
        Assert.That(() => PipelineConfigLoader.Load(tmp.Path), Throws.TypeOf<ConfigException>().With.Message.Contain("is a folder; give the configuration's .json file"));
    }
}
