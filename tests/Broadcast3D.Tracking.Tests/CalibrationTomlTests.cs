using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Tracking.Tests;

public sealed class CalibrationTomlTests
{
    private const string MinimalCamera = """
        [cam_a]
        name = "cam_a"
        size = [ 1920.0, 1080.0]
        matrix = [ [ 1500.0, 0.0, 960.0], [ 0.0, 1500.0, 540.0], [ 0.0, 0.0, 1.0]]
        distortions = [ -0.01, 0.002, 0.0, 0.0]
        rotation = [ 0.1, 0.2, 0.3]
        translation = [ 0.5, -0.25, 3.0]
        fisheye = false

        """;

    [Test]
    public void Format_DemoCalibration_ReproducesReferenceFileTextExactly()
    {
        string path = SharedAssets.CalibrationToml;
        CameraRig calibration = CalibrationToml.Read(path, LengthUnit.Auto, out LengthUnit detected);

        Assert.Multiple(() =>
        {
            Assert.That(detected, Is.EqualTo(LengthUnit.Metres));
            Assert.That(calibration.Count, Is.EqualTo(4));
            Assert.That(CalibrationToml.Format(calibration), Is.EqualTo(File.ReadAllText(path)));
        });
    }

    [Test]
    public void Parse_Utf8ByteOrderMark_ReadAsWithout()
    {
        string text = File.ReadAllText(SharedAssets.CalibrationToml);
        CameraRig plain = CalibrationToml.Parse(text, "calib.toml", LengthUnit.Auto, out _);
        CameraRig marked = CalibrationToml.Parse("\uFEFF" + text, "calib.toml", LengthUnit.Auto, out _);
        Assert.That(marked.Cameras.Select(c => (c.Name, c.TranslationMetres)), Is.EqualTo(plain.Cameras.Select(c => (c.Name, c.TranslationMetres))));
        Assert.That(marked.Count, Is.EqualTo(4));
    }

    [Test]
    public void Read_Folder_SaysItIsAFolder()
    {
        string folder = Path.GetDirectoryName(SharedAssets.CalibrationToml)!;
        var ex = Assert.Throws<CalibrationFormatException>(() => CalibrationToml.Read(folder));
        Assert.That(ex!.Message, Does.Contain("is a folder; give the calibration .toml file"));
    }

    [Test]
    public void Parse_FiveCoefficientsInMillimetres_DetectsUnitsAndConvertsToMetres()
    {
        string text = MinimalCamera
            .Replace("[ -0.01, 0.002, 0.0, 0.0]", "[ -0.01, 0.002, 0.0, 0.0, 0.0005]", StringComparison.Ordinal)
            .Replace("[ 0.5, -0.25, 3.0]", "[ 500.0, -250.0, 3000.0]", StringComparison.Ordinal);

        CameraRig calibration = CalibrationToml.Parse(text, "mm.toml", LengthUnit.Auto, out LengthUnit detected);

        Assert.Multiple(() =>
        {
            Assert.That(detected, Is.EqualTo(LengthUnit.Millimetres));
            Assert.That(calibration.Cameras[0].TranslationMetres.Z, Is.EqualTo(3.0).Within(1e-15));
            Assert.That(calibration.Cameras[0].Distortion.CoefficientCount, Is.EqualTo(5));
            Assert.That(calibration.Cameras[0].Distortion.K3, Is.EqualTo(0.0005));
            Assert.That(CalibrationToml.Format(calibration), Does.Contain("distortions = [ -0.01, 0.002, 0.0, 0.0, 0.0005]"));
        });
    }

    [Test]
    public void Parse_MetresRequestedForMillimetreFile_FailsNamingFileCameraAndField()
    {
        string text = MinimalCamera.Replace("[ 0.5, -0.25, 3.0]", "[ 500.0, -250.0, 3000.0]", StringComparison.Ordinal);

        var ex = Assert.Throws<CalibrationFormatException>(() => CalibrationToml.Parse(text, "rig.toml", LengthUnit.Metres, out _));

        Assert.That(ex!.Message, Does.StartWith("rig.toml:7:1:").And.Contain("[cam_a] translation").And.Contain("millimetres"));
    }

    [Test]
    public void Parse_MissingMatrix_FailsNamingFileCameraAndKey()
    {
        string text = MinimalCamera.Replace("matrix = [ [ 1500.0, 0.0, 960.0], [ 0.0, 1500.0, 540.0], [ 0.0, 0.0, 1.0]]\n", string.Empty, StringComparison.Ordinal);

        var ex = Assert.Throws<CalibrationFormatException>(() => CalibrationToml.Parse(text, "rig.toml", LengthUnit.Auto, out _));

        Assert.That(ex!.Message, Does.StartWith("rig.toml:1:1:").And.Contain("[cam_a]").And.Contain("'matrix'"));
    }

    [TestCase("distortions = [ -0.01, 0.002, 0.0]", "rig.toml:5:1: [cam_a] distortions: must be an array of 4 or 5 numbers")]
    [TestCase("rotation = [ 0.1, \"x\", 0.3]", "rig.toml:6:1: [cam_a] rotation: must be an array of 3 numbers (item 2 is not a number)")]
    [TestCase("rotation = { x = 1 }", "rig.toml:6:1: [cam_a] rotation: must be an array of 3 numbers")]
    [TestCase("rotation = 1979-05-27", "rig.toml:6:1: [cam_a] rotation: must be an array of 3 numbers")]
    [TestCase("rotation = [ 0.1, 0.2, 0.3] extra", "rig.toml:6:29: TOML syntax error: ")]
    [TestCase("rotation = [ 0.1, 0.2, nan]", "rig.toml:6:1: [cam_a] rotation: must be an array of 3 finite numbers (item 3 is NaN)")]
    [TestCase("rotation = [ 0.1, 0.2", "rig.toml:7:1: TOML syntax error: ")]
    public void Parse_WrongTypeOrMalformed_FailsWithLineAndColumn(string line, string expectedStart)
    {
        string original = line.StartsWith("distortions", StringComparison.Ordinal)
            ? "distortions = [ -0.01, 0.002, 0.0, 0.0]"
            : "rotation = [ 0.1, 0.2, 0.3]";
        string text = MinimalCamera.Replace(original, line, StringComparison.Ordinal);

        var ex = Assert.Throws<CalibrationFormatException>(() => CalibrationToml.Parse(text, "rig.toml", LengthUnit.Auto, out _));

        Assert.That(ex!.Message, Does.StartWith(expectedStart));
    }

    [Test]
    public void Parse_CommentsMultilineArraysAndLiteralStrings_AreAccepted()
    {
        string text = """
            # a rig
            [cam_a] # first camera
            name = 'cam_a'
            size = [1920, 1080]
            matrix = [
              [1500.0, 0.0, 960.0], # row 0
              [0.0, 1500.0, 540.0],
              [0.0, 0.0, 1.0],
            ]
            distortions = [0, 0, 0, 0]
            rotation = [0, 0, 0]
            translation = [0, 0, 2.5e0]
            """;

        CameraRig calibration = CalibrationToml.Parse(text, "ok.toml", LengthUnit.Auto, out _);

        Assert.That(calibration.Cameras[0].TranslationMetres.Z, Is.EqualTo(2.5));
    }

    [Test]
    public void Read_MissingFile_FailsNamingThePath()
    {
        var ex = Assert.Throws<CalibrationFormatException>(() => CalibrationToml.Read("/nonexistent/calib.toml"));
        Assert.That(ex!.Message, Does.StartWith("/nonexistent/calib.toml:"));
    }
}
