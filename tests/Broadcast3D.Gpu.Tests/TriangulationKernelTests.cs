using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Gpu;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Gpu.Tests;

/// <summary>The GPU triangulation kernel equals the CPU <see cref="Triangulator"/> within 1e-4 m.</summary>
public sealed class TriangulationKernelTests : GpuTestBase
{
    private const double ToleranceMetres = 1e-4;

    [Test]
    public void Solve_BalancingTrial_EqualsCpuReference()
    {
        Calibration calibration = CalibrationToml.Read(SharedAssets.CalibrationToml);
        int[] ids = Skeletons.Pose2SimBody25BMarkers.Select(Skeletons.Body25B.Require).ToArray();
        TriangulationBatch cpu = OpenPoseJson.ReadBatch(Path.Combine(SharedAssets.BalancingTrial, "pose-associated"), calibration.Count, ids, 0);
        TriangulationBatch gpu = OpenPoseJson.ReadBatch(Path.Combine(SharedAssets.BalancingTrial, "pose-associated"), calibration.Count, ids, 0);
        double[] projections = new double[12 * calibration.Count];
        calibration.CopyProjectionMatrices(projections);
        var settings = new TriangulationSettings();
        new Triangulator(settings).Solve(cpu, projections);
        using var triangulator = new GpuTriangulator(Device, settings, gpu.PointCount, gpu.Cameras);
        triangulator.Solve(gpu, projections);
        AssertEqual(cpu, gpu, out int compared);
        Assert.That(compared, Is.GreaterThan(1900), "most of the 2100 points triangulate");
    }

    // maxCpuShare: points allowed to exceed the per-invocation budget and finish on the CPU. Only llvmpipe has a
    // small budget (464 configurations at 32 cameras); three exclusions among 32 cameras need up to 5 489.
    [TestCase(4, ExclusionSearch.Exhaustive, 0.0)]
    [TestCase(8, ExclusionSearch.Exhaustive, 0.0)]
    [TestCase(16, ExclusionSearch.Exhaustive, 0.01)]
    [TestCase(32, ExclusionSearch.Exhaustive, 0.2)]
    [TestCase(32, ExclusionSearch.Bounded, 0.0)]
    public void Solve_SyntheticRig_EqualsCpuReference(int cameras, ExclusionSearch search, double maxCpuShare)
    {
        (TriangulationBatch cpu, double[] projections) = SyntheticBatch.Create(cameras, frames: 20, people: 2, keypoints: 17, seed: cameras);
        TriangulationBatch gpu = SyntheticBatch.Clone(cpu);
        var settings = new TriangulationSettings { Search = search };
        new Triangulator(settings).Solve(cpu, projections);
        using var triangulator = new GpuTriangulator(Device, settings, gpu.PointCount, cameras);
        triangulator.Solve(gpu, projections);
        TestContext.Out.WriteLine($"{triangulator.LastCpuFallbackPoints} points finished on the CPU (budget {triangulator.ConfigurationBudget})");
        AssertEqual(cpu, gpu, out int compared);
        Assert.That(compared, Is.GreaterThan(cpu.PointCount * 8 / 10));
        Assert.That(triangulator.LastCpuFallbackPoints, Is.LessThanOrEqualTo(cpu.PointCount * maxCpuShare), "points finished on the CPU");
    }

    [Test]
    public void Create_MoreThan32Cameras_ThrowsSayingUseCpu()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new GpuTriangulator(Device, new TriangulationSettings(), 10, 33));
        Assert.That(ex!.Message, Does.Contain("CPU"));
    }

    private static void AssertEqual(TriangulationBatch cpu, TriangulationBatch gpu, out int compared)
    {
        compared = 0;
        double worst = 0;
        var mismatches = new List<string>();
        for (int p = 0; p < cpu.PointCount; p++)
        {
            bool cpuOk = !double.IsNaN(cpu.ReprojectionErrors[p]);
            bool gpuOk = !double.IsNaN(gpu.ReprojectionErrors[p]);
            if (cpuOk != gpuOk || cpu.ExcludedMasks[p] != gpu.ExcludedMasks[p])
            {
                mismatches.Add($"point {p}: CPU {cpu.ReprojectionErrors[p]:F4}px mask {cpu.ExcludedMasks[p]:X}, GPU {gpu.ReprojectionErrors[p]:F4}px mask {gpu.ExcludedMasks[p]:X}");
                continue;
            }
            if (!cpuOk)
                continue;
            compared++;
            for (int axis = 0; axis < 3; axis++)
                worst = Math.Max(worst, Math.Abs(cpu.Points[(p * 3) + axis] - gpu.Points[(p * 3) + axis]));
        }
        TestContext.Out.WriteLine($"{compared} points compared, worst |Δ| = {worst:E2} m, {mismatches.Count} decision mismatches");
        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches.Take(10)));
        Assert.That(worst, Is.LessThanOrEqualTo(ToleranceMetres));
    }
}
