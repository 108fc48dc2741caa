using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Tracking.Tests;

public sealed class TrackingAcceleratorsTests
{
    [TestCase("auto", TrackingAccelerator.Auto)]
    [TestCase("cuda", TrackingAccelerator.Cuda)]
    [TestCase("opencl", TrackingAccelerator.OpenCL)]
    [TestCase("cpu", TrackingAccelerator.Cpu)]
    [TestCase("reference", TrackingAccelerator.Reference)]
    [TestCase("cuda-float", TrackingAccelerator.CudaFloat)]
    [TestCase("opencl-float", TrackingAccelerator.OpenCLFloat)]
    [TestCase("cpu-float", TrackingAccelerator.CpuFloat)]
    public void TryParse_KnownName_RoundTrips(string name, TrackingAccelerator expected)
    {
        Assert.That(TrackingAccelerators.TryParse(name, out TrackingAccelerator parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(expected));
        Assert.That(TrackingAccelerators.Name(parsed), Is.EqualTo(name));
    }

    [TestCase("gpu")]
    [TestCase("CUDA")]
    [TestCase("")]
    [TestCase(null)]
    public void TryParse_UnknownName_ReturnsFalse(string? name) =>
        Assert.That(TrackingAccelerators.TryParse(name, out _), Is.False);

    [Test]
    public void Probe_AnyMachine_ListsEveryKindWithCpuUsableAndReasonsForTheRest()
    {
        IReadOnlyList<AcceleratorAvailability> found = TrackingAccelerators.Probe();

        Assert.That(found.Select(a => a.Kind), Is.EqualTo(new[] { TrackingAccelerator.Cuda, TrackingAccelerator.OpenCL, TrackingAccelerator.Cpu }));
        Assert.That(found[2].Usable, Is.True, "ILGPU's CPU accelerator exists everywhere");
        foreach (AcceleratorAvailability a in found)
        {
            TestContext.Out.WriteLine($"{a.Kind}: usable={a.Usable} device={a.Device} {a.Reason}");
            Assert.That(a.Usable ? a.Device : a.Reason, Is.Not.Empty, $"{a.Kind} says what it found or why not");
        }
    }

    [Test]
    public void Resolve_EachKindRequested_ReturnsItOrThrowsNamingOptionReasonAndChoices()
    {
        foreach (AcceleratorAvailability a in TrackingAccelerators.Probe())
        {
            if (a.Usable)
            {
                Assert.That(TrackingAccelerators.Resolve(a.Kind, "--accelerator"), Is.EqualTo(a.Kind));
                continue;
            }

            var ex = Assert.Throws<AcceleratorUnavailableException>(() => TrackingAccelerators.Resolve(a.Kind, "--accelerator"));
            Assert.That(ex!.OptionName, Is.EqualTo("--accelerator"));
            Assert.That(ex!.Message, Does.StartWith($"--accelerator {TrackingAccelerators.Name(a.Kind)}: {a.Reason}"));
            Assert.That(ex.Message, Does.Contain("available here: auto,").And.Contain("cpu").And.Contain("reference"));
        }
    }

    [TestCase(TrackingAccelerator.CudaFloat, TrackingAccelerator.Cuda)]
    [TestCase(TrackingAccelerator.OpenCLFloat, TrackingAccelerator.OpenCL)]
    [TestCase(TrackingAccelerator.CpuFloat, TrackingAccelerator.Cpu)]
    public void Resolve_FloatKind_UsableWhereItsDeviceIsOrThrowsNamingIt(TrackingAccelerator floatKind, TrackingAccelerator device)
    {
        Assert.That(TrackingAccelerators.Device(floatKind), Is.EqualTo(device));
        Assert.That(TrackingAccelerators.IsSinglePrecision(floatKind), Is.True);
        Assert.That(TrackingAccelerators.IsSinglePrecision(device), Is.False);
        AcceleratorAvailability a = TrackingAccelerators.Probe().Single(p => p.Kind == device);

        // A float kernel does not need fp64, so an OpenCL device refused for lacking it still serves opencl-float.
        if (a.Usable || (floatKind == TrackingAccelerator.OpenCLFloat && a.Device is not null))
        {
            Assert.That(TrackingAccelerators.Resolve(floatKind, "tracking.accelerator"), Is.EqualTo(floatKind));
            return;
        }

        var ex = Assert.Throws<AcceleratorUnavailableException>(() => TrackingAccelerators.Resolve(floatKind, "tracking.accelerator"));
        Assert.That(ex!.Message, Does.StartWith($"tracking.accelerator {TrackingAccelerators.Name(floatKind)}: {a.Reason}"));
    }

    [Test]
    public void CreateTriangulator_CpuFloat_RunsTheKernelInSinglePrecision()
    {
        using IBatchTriangulator single = TrackingAccelerators.CreateTriangulator(TrackingAccelerator.CpuFloat, new TriangulationSettings(), 10, 4);
        using IBatchTriangulator @double = TrackingAccelerators.CreateTriangulator(TrackingAccelerator.Cpu, new TriangulationSettings(), 10, 4);

        Assert.That(single, Is.TypeOf<IlgpuTriangulator<float>>());
        Assert.That(single.Description, Does.StartWith("ILGPU cpu-float accelerator").And.EndWith("single precision"));
        Assert.That(@double, Is.TypeOf<IlgpuTriangulator<double>>());
        Assert.That(@double.Description, Does.EndWith("double precision"));
    }

    [Test]
    public void Resolve_AutoWithoutGpu_PicksReference()
    {
        bool gpu = TrackingAccelerators.Probe().Any(a => a.Usable && a.Kind != TrackingAccelerator.Cpu);
        TrackingAccelerator resolved = TrackingAccelerators.Resolve(TrackingAccelerator.Auto, "--accelerator");
        Assert.That(resolved, gpu ? Is.AnyOf(TrackingAccelerator.Cuda, TrackingAccelerator.OpenCL) : Is.EqualTo(TrackingAccelerator.Reference));
    }
}
