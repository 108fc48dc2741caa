using Broadcast3D.Gpu;

namespace Broadcast3D.TestSupport;

/// <summary>
/// Base of every fixture that needs a device: one device per fixture, created on the fixture's thread. The fixture
/// is ignored (never failed) only when no device at all can be created; on Mesa llvmpipe every test runs.
/// </summary>
public abstract class GpuTestBase
{
    private GpuDevice? _device;

    protected GpuDevice Device => _device ?? throw new InvalidOperationException("no device");

    [OneTimeSetUp]
    public void CreateDevice()
    {
        if (!GpuDevice.TryCreate(new GpuDeviceDescription { Validation = true }, out _device, out string error))
            TestSkip.MissingComponent($"no GPU device can be created here: {error}");
    }

    [SetUp]
    public void TakeDevice()
    {
        // NUnit may run a fixture's tests on a different worker thread than its one-time set-up.
        _device?.MakeCurrent();
    }

    [OneTimeTearDown]
    public void DisposeDevice()
    {
        _device?.MakeCurrent();
        _device?.Dispose();
    }
}
