using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Ndi.Diagnostics;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Ndi.Tests;

public sealed class NdiSystemCheckTests
{
    [Test]
    public void Run_RuntimePresent_OkWithVersionAndNotRequired()
    {
        NdiTestRuntime.Load();

        DiagnosticItem item = new NdiSystemCheck(NdiTestRuntime.Options).Run().Single();

        Assert.That(item.Status, Is.EqualTo(DiagnosticStatus.Ok));
        Assert.That(item.Required, Is.False);
        Assert.That(item.Detail, Does.Contain("5.5.2").And.Contain("libndi.so.5"));
    }

    [Test]
    public void Run_RuntimeAbsent_WarningWithWhereItLooked()
    {
        using var empty = new TempFolder("b3d-ndi-empty");

        DiagnosticItem item = new NdiSystemCheck(new NdiRuntimeOptions { SearchDirectories = [empty.Path], UseEnvironment = false, UseDefaultSearch = false })
            .Run().Single();

        Assert.That(item.Status, Is.EqualTo(DiagnosticStatus.Warning));
        Assert.That(item.Required, Is.False);
        Assert.That(item.Detail, Does.Contain("NDI runtime not installed: get it from ndi.video").And.Contain(empty.Path));
    }
}
