using Broadcast3D.Core.Assets;

namespace Broadcast3D.Core.Tests;

public class AssetLocatorTests
{
    [Test]
    public void RepositoryRoot_FromTestRun_ContainsSolution()
    {
        Assert.That(AssetLocator.RepositoryRoot, Is.Not.Null);
        Assert.That(File.Exists(Path.Combine(AssetLocator.RepositoryRoot!, AssetLocator.SolutionFileName)));
    }

    [Test]
    public void RequireModel_MissingFile_NamesPathAndRemedy()
    {
        var ex = Assert.Throws<AssetNotFoundException>(() => AssetLocator.RequireModel("no-such-model.onnx"));
        Assert.That(ex!.Message, Does.Contain("no-such-model.onnx").And.Contain("B3D_MODELS"));
    }

    [Test]
    public void SharedRoot_Default_IsBesideRepository()
    {
        if (Environment.GetEnvironmentVariable("B3D_SHARED") is not null)
            Broadcast3D.TestSupport.TestSkip.NotApplicable("B3D_SHARED overrides the default here");
        Assert.That(AssetLocator.SharedRoot, Is.EqualTo(Path.GetFullPath(Path.Combine(AssetLocator.RepositoryRoot!, "..", "shared"))));
        Assert.That(Directory.Exists(AssetLocator.ModelsRoot), $"models folder missing: {AssetLocator.ModelsRoot}");
    }
}
