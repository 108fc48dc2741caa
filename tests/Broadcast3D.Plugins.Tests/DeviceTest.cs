using Broadcast3D.Gpu;

namespace Broadcast3D.Plugins.Tests;

/// <summary>
/// Base of the fixtures that draw: one device per fixture (Mesa llvmpipe without a GPU), made current for each test
/// (NUnit may move a fixture between worker threads). Ignored only when no device at all can be created.
/// </summary>
public abstract class DeviceTest
{
    private GpuDevice? _device;

    protected GpuDevice Device => _device ?? throw new InvalidOperationException("no device");

    [OneTimeSetUp]
    public void CreateDevice()
    {
        if (!GpuDevice.TryCreate(new GpuDeviceDescription { Validation = true }, out _device, out string error))
            Broadcast3D.TestSupport.TestSkip.MissingComponent($"no GPU device can be created here: {error}");
    }

    [SetUp]
    public void TakeDevice() => _device?.MakeCurrent();

    [OneTimeTearDown]
    public void DisposeDevice()
    {
        _device?.MakeCurrent();
        _device?.Dispose();
    }
}
