using System.Runtime.InteropServices;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Gpu;
using Broadcast3D.Gpu.Diagnostics;

namespace Broadcast3D.Gpu.Tests;

public sealed class GpuDeviceTests : GpuTestBase
{
    [Test]
    public void Create_Default_IsOpenGl45Core()
    {
        GpuDeviceInfo info = Device.Info;
        TestContext.Out.WriteLine(info.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(info.GlVersion, Does.StartWith("4."));
            Assert.That(info.MaxTextureSize, Is.GreaterThanOrEqualTo(4096));
            Assert.That(info.EglVersion, Is.Not.Empty);
        });
    }

    [Test]
    public void Dispatch_SelfTestKernel_MatchesCpu()
    {
        IReadOnlyList<DiagnosticItem> items = new GpuSystemCheck().Run();
        DiagnosticItem compute = items.Single(i => i.Name == "compute shaders");
        Assert.That(compute.Status, Is.EqualTo(DiagnosticStatus.Ok), compute.Detail);
    }
}
