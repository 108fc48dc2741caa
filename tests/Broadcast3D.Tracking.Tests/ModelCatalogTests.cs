using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Tracking.Tests;

public class ModelCatalogTests
{
    [Test]
    public void Resolve_KnownName_FindsFileAndFamily()
    {
        ModelReference m = ModelCatalog.Resolve("blazepose-heavy");
        Assert.That(m.Family, Is.EqualTo(ModelFamily.BlazePose));
        Assert.That(m.Path, Does.EndWith("blazepose_landmark_heavy.onnx").And.Exist);
    }

    [Test]
    public void Resolve_UnknownName_ThrowsListingKnownNames()
    {
        var ex = Assert.Throws<ArgumentException>(() => ModelCatalog.Resolve("openpose"));
        Assert.That(ex!.Message, Does.Contain("unknown model 'openpose'").And.Contain("blazepose-full").And.Contain("rtmdet"));
    }

    [Test]
    public void Resolve_PathWithoutFamily_ThrowsAskingForFamily()
    {
        var ex = Assert.Throws<ArgumentException>(() => ModelCatalog.Resolve(TestFrames.BlazePoseLite));
        Assert.That(ex!.Message, Does.Contain("give its family"));
    }

    [Test]
    public void Resolve_MissingFile_ThrowsWithPath()
    {
        using var tmp = new TempFolder();
        string missing = tmp.File("nothing.onnx");
        var ex = Assert.Throws<FileNotFoundException>(() => ModelCatalog.Resolve(missing, ModelFamily.BlazePose));
        Assert.That(ex!.Message, Does.Contain(missing));
    }

    [Test]
    public void Resolve_NameWithOtherFamily_ThrowsNamingBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() => ModelCatalog.Resolve("yolox", ModelFamily.RtmDet));
        Assert.That(ex!.Message, Does.Contain("Yolox").And.Contain("RtmDet"));
    }

    [Test]
    public void CreateDetector_PoseModel_ThrowsSayingItIsAPoseModel()
    {
        var ex = Assert.Throws<ArgumentException>(() => ModelCatalog.CreateDetector(ModelCatalog.Resolve("blazepose-lite"), TestFrames.Cpu));
        Assert.That(ex!.Message, Does.Contain("not a person detector"));
    }

    [Test]
    public void RtmDetDetector_BlazePoseFile_ThrowsMismatchWithExpectedAndFoundTensors()
    {
        var ex = Assert.Throws<ModelMismatchException>(() => new RtmDetDetector(TestFrames.BlazePoseLite, TestFrames.Cpu));
        Assert.That(ex!.Message, Does.Contain("does not look like a rtmdet model")
            .And.Contain("expected inputs: input float[N,3,?,?]")
            .And.Contain("found inputs: input_1 float[N,256,256,3]")
            .And.Contain("no output 'dets'"));
    }

    [Test]
    public void MoveNetSinglePoseEstimator_MultiPoseFile_ThrowsMismatchOnOutputShape()
    {
        var ex = Assert.Throws<ModelMismatchException>(() =>
            new MoveNetSinglePoseEstimator(SharedAssets.Model("movenet_multipose_lightning_1.onnx"), TestFrames.Cpu));
        Assert.That(ex!.Message, Does.Contain("output 'output_0' is output_0 float[1,6,56], needs output_0 float[1,1,17,3]"));
    }

    [Test]
    public void MoveNetSinglePoseEstimator_ThunderFile_ReadsInputSizeFromModel()
    {
        using var thunder = new MoveNetSinglePoseEstimator(SharedAssets.Model("movenet_singlepose_thunder_4.onnx"), TestFrames.Cpu);
        Assert.That(thunder.InputSize, Is.EqualTo(256));
    }

    [Test]
    public void OnnxModel_NotAnOnnxFile_ThrowsInvalidDataWithPath()
    {
        using var tmp = new TempFolder();
        string bogus = tmp.File("bogus.onnx");
        File.WriteAllText(bogus, "this is not a protobuf model");
        var ex = Assert.Throws<InvalidDataException>(() => new BlazePoseEstimator(bogus, TestFrames.Cpu));
        Assert.That(ex!.Message, Does.Contain(bogus).And.Contain("not a loadable ONNX model"));
    }

    [Test]
    public void ParseFamily_NamesWithDashes_Parse()
    {
        Assert.That(ModelCatalog.ParseFamily("movenet-multipose"), Is.EqualTo(ModelFamily.MoveNetMultiPose));
        Assert.That(ModelCatalog.ParseFamily("RTMPose"), Is.EqualTo(ModelFamily.RtmPose));
        Assert.Throws<ArgumentException>(() => ModelCatalog.ParseFamily("vitpose"));
    }
}
