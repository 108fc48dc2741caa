using System.Numerics;
using Broadcast3D.Core.Diagnostics;
using Broadcast3D.Gpu;
using Broadcast3D.Gpu.Diagnostics;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Gpu.Tests;

/// <summary>Bad input gives a clear error and leaves the device (and the process) usable.</summary>
public sealed class GpuBadInputTests : GpuTestBase
{
    private const string BrokenKernel = "#version 450 core\nlayout(local_size_x = 1) in;\n\nvoid main()\n{\n    float x = undefinedThing;\n}\n";

    [Test]
    public void CreateProgram_CompileError_ReportsFileAndLine()
    {
        var ex = Assert.Throws<ShaderCompilationException>(() =>
            Device.CreateProgram([ShaderSource.FromText("broken.comp", BrokenKernel)]));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.FileName, Is.EqualTo("broken.comp"));
            Assert.That(ex.Line, Is.EqualTo(6));
            Assert.That(ex.Message, Does.StartWith("broken.comp:6: "));
            Assert.That(ex.Message, Does.Contain("undefinedThing"));
        });
        AssertDeviceStillWorks();
    }

    [Test]
    public void CreateProgram_DefinesInserted_LineNumbersStillMatchFile()
    {
        var defines = new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" };
        var ex = Assert.Throws<ShaderCompilationException>(() =>
            Device.CreateProgram([ShaderSource.FromText("broken.comp", BrokenKernel, defines)]));
        Assert.That(ex!.Line, Is.EqualTo(6));
    }

    [Test]
    public void CreateProgram_LinkError_ReportsProgramFiles()
    {
        // A fragment shader reading a varying the vertex shader never writes fails at link time.
        const string vert = "#version 450 core\nvoid main() { gl_Position = vec4(0); }\n";
        const string frag = "#version 450 core\nin vec3 missingVarying;\nout vec4 color;\nvoid main() { color = vec4(missingVarying, 1); }\n";
        var ex = Assert.Throws<ShaderCompilationException>(() =>
            Device.CreateProgram([ShaderSource.FromText("a.vert", vert), ShaderSource.FromText("b.frag", frag)]));
        Assert.That(ex!.FileName, Is.EqualTo("a.vert+b.frag"));
        AssertDeviceStillWorks();
    }

    [Test]
    public void CreateTexture_LargerThanLimit_ThrowsWithLimit()
    {
        int limit = Device.Info.MaxTextureSize;
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Device.CreateTexture(new TextureDescription(limit + 1, 16, TextureFormat.Rgba8)));
        Assert.That(ex!.Message, Does.Contain(limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        AssertDeviceStillWorks();
    }

    [Test]
    public void Create_NoEglLibrary_ThrowsUnavailableWithInstallHint()
    {
        var description = new GpuDeviceDescription { EglLibraryPath = "/nonexistent/libEGL.so.1" };
        var ex = Assert.Throws<GpuUnavailableException>(() => GpuDevice.Create(description));
        Assert.That(ex!.Message, Does.Contain("apt install libegl1"));
        Device.MakeCurrent();
        AssertDeviceStillWorks();
    }

    [Test]
    public void Create_HardwareRequiredOnSoftwareOnlyMachine_ThrowsUnavailable()
    {
        if (!Device.Info.IsSoftware)
            Broadcast3D.TestSupport.TestSkip.NotApplicable("this machine has a hardware GPU: the software-only refusal cannot be observed");
        var ex = Assert.Throws<GpuUnavailableException>(() => GpuDevice.Create(new GpuDeviceDescription { RequireHardware = true }));
        Assert.That(ex!.Message, Does.Contain("software"));
        Device.MakeCurrent();
        AssertDeviceStillWorks();
    }

    [Test]
    public void DoctorCheck_NoEglLibrary_ReportsMissingWithoutThrowing()
    {
        IReadOnlyList<DiagnosticItem> items = new GpuSystemCheck(new GpuDeviceDescription { EglLibraryPath = "/nonexistent/libEGL.so.1" }).Run();
        Assert.That(items, Has.Count.EqualTo(1));
        Assert.That(items[0].Status, Is.EqualTo(DiagnosticStatus.Missing));
        Assert.That(items[0].Detail, Does.Contain("libegl1"));
    }

    [Test]
    public void FirstErrorLine_NvidiaAndAmdLogs_Parsed()
    {
        Assert.Multiple(() =>
        {
            Assert.That(GpuProgram.FirstErrorLine("0(17) : error C1008: undefined variable \"x\""), Is.EqualTo(17));
            Assert.That(GpuProgram.FirstErrorLine("ERROR: 0:9: 'x' : undeclared identifier"), Is.EqualTo(9));
            Assert.That(GpuProgram.FirstErrorLine("0:3(1): warning: unused\n0:12(5): error: bad"), Is.EqualTo(12));
        });
    }

    [Test]
    public void VerifyAccess_OtherThread_Throws()
    {
        Exception? caught = null;
        var thread = new Thread(() =>
        {
            try
            {
                Device.CreateTexture(new TextureDescription(4, 4, TextureFormat.Rgba8));
            }
            catch (InvalidOperationException ex)
            {
                caught = ex;
            }
        });
        thread.Start();
        thread.Join();
        Assert.That(caught, Is.Not.Null);
        Assert.That(caught!.Message, Does.Contain("MakeCurrent"));
    }

    private void AssertDeviceStillWorks()
    {
        using GpuTexture color = Device.CreateTexture(new TextureDescription(4, 4, TextureFormat.Rgba8));
        using GpuFramebuffer fb = Device.CreateFramebuffer(color);
        Device.SetRenderTarget(fb);
        Device.Clear(new Vector4(1, 0, 0, 1));
        byte[] pixels = new byte[64];
        fb.ReadPixels(pixels);
        Assert.That(pixels[..4], Is.EqualTo(new byte[] { 255, 0, 0, 255 }));
    }
}
