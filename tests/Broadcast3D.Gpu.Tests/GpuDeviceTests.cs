using System.Runtime.InteropServices;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Gpu;
using Broadcast3D.Gpu.Diagnostics;
using Broadcast3D.TestSupport;

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
            Assert.That(info.GlBinding, Does.StartWith("Silk.NET.OpenGL 2.23"));
        });
    }

    [Test]
    public void DoctorCheck_OpenGlLine_NamesRendererThroughSilk()
    {
        IReadOnlyList<DiagnosticItem> items = new GpuSystemCheck().Run();
        DiagnosticItem gl = items.Single(i => i.Name == "OpenGL");
        Assert.That(gl.Detail, Does.Contain(Device.Info.GlRenderer).And.Contain("through Silk.NET.OpenGL 2.23"));
    }

    [Test]
    public void Check_GlErrorWithValidation_ThrowsDebugMessageAtTheCall()
    {
        // An out-of-range binding index: GL_INVALID_VALUE, reported by the KHR_debug callback with the driver's text.
        Device.Gl.BindBufferBase(Silk.NET.OpenGL.BufferTargetARB.ShaderStorageBuffer, 1_000_000, 0);
        var ex = Assert.Throws<GpuException>(() => Device.Errors.Check("binding probe"));
        TestContext.Out.WriteLine(ex!.Message);
        Assert.Multiple(() =>
        {
            Assert.That(Device.Errors.Validation, Is.True);
            Assert.That(ex.Message, Does.StartWith("binding probe failed: "));
            Assert.That(ex.Message, Does.Contain("GL_INVALID_VALUE"), "glGetError's code");
            Assert.That(ex.Message.Split("; "), Has.Length.GreaterThanOrEqualTo(2), "the debug callback's message as well as the code");
        });
        Assert.DoesNotThrow(() => Device.Errors.Check("next call"), "errors are reported once");
    }

    [Test]
    public void Dispatch_SelfTestKernel_MatchesCpu()
    {
        IReadOnlyList<DiagnosticItem> items = new GpuSystemCheck().Run();
        DiagnosticItem compute = items.Single(i => i.Name == "compute shaders");
        Assert.That(compute.Status, Is.EqualTo(DiagnosticStatus.Ok), compute.Detail);
    }
}
