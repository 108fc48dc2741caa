using Broadcast3D.Core.Skeletons;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Tracking.Tests;

/// <summary>
/// The ILGPU triangulation kernel, run on ILGPU's CPU accelerator (the one present on every machine), against the
/// plain C# <see cref="Triangulator"/>: same decisions (failed points, excluded cameras) and the same positions
/// within 1e-9 m in double, 2e-6 m in float (the bounds). Both run the same <see cref="PointTriangulation"/>
/// maths; the kernel is compiled by ILGPU, so a kernel-only defect (an unsupported construct, a wrong index) shows
/// here.
/// </summary>
public sealed class IlgpuTriangulatorTests
{
    private const double ToleranceMetres = 1e-9;

    // Float keeps 24 bits: positions of a few metres carry ~2.4e-7 m of rounding each, and the DLT amplifies the
    // rounding of observations and projections by the rig's conditioning (docs/ilgpu.md has the measured worst cases).
    private const double FloatToleranceMetres = 2e-6;
    private IlgpuDevice _device = null!;

    [OneTimeSetUp]
    public void OpenDevice() => _device = IlgpuDevice.Open(TrackingAccelerator.Cpu);

    [OneTimeTearDown]
    public void CloseDevice() => _device.Dispose();

    [Test]
    public void Solve_BalancingTrial_EqualsReferenceWithin1Nanometre() => CheckBalancing(single: false, ToleranceMetres);

    [Test]
    public void Solve_BalancingTrialInFloat_EqualsReferenceWithin2Micrometres() => CheckBalancing(single: true, FloatToleranceMetres);

    [TestCase(8, ExclusionSearch.Exhaustive)]
    [TestCase(16, ExclusionSearch.Exhaustive)]
    [TestCase(32, ExclusionSearch.Exhaustive)]
    [TestCase(32, ExclusionSearch.Bounded)]
    public void Solve_SyntheticRig_EqualsReferenceWithin1Nanometre(int cameras, ExclusionSearch search) =>
        CheckSyntheticRig(cameras, search, single: false, ToleranceMetres);

    [TestCase(8, ExclusionSearch.Exhaustive)]
    [TestCase(16, ExclusionSearch.Exhaustive)]
    [TestCase(32, ExclusionSearch.Exhaustive)]
    [TestCase(32, ExclusionSearch.Bounded)]
    public void Solve_SyntheticRigInFloat_EqualsReferenceWithin2Micrometres(int cameras, ExclusionSearch search) =>
        CheckSyntheticRig(cameras, search, single: true, FloatToleranceMetres);

    [Test]
    public void Solve_BufferReusedForSmallerBatch_EqualsReference()
    {
        (TriangulationBatch large, double[] projections) = SyntheticBatch.Create(8, frames: 6, people: 2, keypoints: 17, seed: 3);
        (TriangulationBatch small, _) = SyntheticBatch.Create(8, frames: 2, people: 2, keypoints: 17, seed: 4);
        TriangulationBatch reference = SyntheticBatch.Clone(small);
        var settings = new TriangulationSettings();
        using var triangulator = new IlgpuTriangulator<double>(_device, settings, large.PointCount, 8);

        triangulator.Solve(large, projections);
        triangulator.Solve(small, projections);
        new Triangulator(settings).Solve(reference, projections);

        AssertEqual(reference, small, out _);
    }

    [Test]
    public void Solve_BatchOverCapacity_ThrowsNamingCapacity()
    {
        (TriangulationBatch batch, double[] projections) = SyntheticBatch.Create(4, frames: 2, people: 1, keypoints: 3, seed: 1);
        using var triangulator = new IlgpuTriangulator<double>(_device, new TriangulationSettings(), 5, 4);

        var ex = Assert.Throws<ArgumentException>(() => triangulator.Solve(batch, projections));
        Assert.That(ex!.Message, Does.Contain("capacity is 5"));
    }

    [Test]
    public void Solve_OtherCameraCount_ThrowsNamingBoth()
    {
        (TriangulationBatch batch, double[] projections) = SyntheticBatch.Create(4, frames: 1, people: 1, keypoints: 3, seed: 1);
        using var triangulator = new IlgpuTriangulator<double>(_device, new TriangulationSettings(), 10, 5);

        var ex = Assert.Throws<ArgumentException>(() => triangulator.Solve(batch, projections));
        Assert.That(ex!.Message, Does.Contain("4 cameras").And.Contain("for 5"));
    }

    private void CheckBalancing(bool single, double tolerance)
    {
        Core.Cameras.CameraRig calibration = CalibrationToml.Read(SharedAssets.CalibrationToml);
        int[] ids = SkeletonCatalog.Pose2SimBody25BMarkers.Select(SkeletonCatalog.Body25B.Require).ToArray();
        TriangulationBatch reference = OpenPoseJson.ReadBatch(Path.Combine(SharedAssets.BalancingTrial, "pose-associated"), calibration.Count, ids, 0);
        TriangulationBatch kernel = SyntheticBatch.Clone(reference);
        double[] projections = new double[12 * calibration.Count];
        calibration.CopyProjectionMatrices(projections);
        var settings = new TriangulationSettings();

        new Triangulator(settings).Solve(reference, projections);
        SolveOnKernel(single, settings, kernel, projections);

        AssertEqual(reference, kernel, out int compared, tolerance);
        Assert.That(compared, Is.GreaterThan(1900), "most of the 2100 points triangulate");
    }

    private void CheckSyntheticRig(int cameras, ExclusionSearch search, bool single, double tolerance)
    {
        (TriangulationBatch reference, double[] projections) = SyntheticBatch.Create(cameras, frames: 10, people: 2, keypoints: 17, seed: cameras);
        TriangulationBatch kernel = SyntheticBatch.Clone(reference);
        var settings = new TriangulationSettings { Search = search };

        new Triangulator(settings).Solve(reference, projections);
        SolveOnKernel(single, settings, kernel, projections);

        AssertEqual(reference, kernel, out int compared, tolerance);
        Assert.That(compared, Is.GreaterThan(reference.PointCount * 8 / 10));
        Assert.That(reference.ExcludedCounts.Count(c => c >= 2), Is.GreaterThan(0), "the rig makes the search exclude cameras");
    }

    // The kernel in float or in double, on the shared CPU device, sized for this batch.
    private void SolveOnKernel(bool single, TriangulationSettings settings, TriangulationBatch batch, double[] projections)
    {
        using IBatchTriangulator triangulator = single
            ? new IlgpuTriangulator<float>(_device, settings, batch.PointCount, batch.Cameras)
            : new IlgpuTriangulator<double>(_device, settings, batch.PointCount, batch.Cameras);
        triangulator.Solve(batch, projections);
    }

    private static void AssertEqual(TriangulationBatch reference, TriangulationBatch kernel, out int compared, double tolerance = ToleranceMetres)
    {
        compared = 0;
        double worst = 0;
        var mismatches = new List<string>();
        for (int p = 0; p < reference.PointCount; p++)
        {
            bool referenceOk = !double.IsNaN(reference.ReprojectionErrors[p]);
            bool kernelOk = !double.IsNaN(kernel.ReprojectionErrors[p]);
            if (referenceOk != kernelOk || reference.ExcludedMasks[p] != kernel.ExcludedMasks[p] || reference.ExcludedCounts[p] != kernel.ExcludedCounts[p])
            {
                mismatches.Add($"point {p}: reference {reference.ReprojectionErrors[p]:F4} px mask {reference.ExcludedMasks[p]:X}, " +
                    $"kernel {kernel.ReprojectionErrors[p]:F4} px mask {kernel.ExcludedMasks[p]:X}");
                continue;
            }

            if (!referenceOk)
            {
                continue;
            }

            compared++;
            for (int axis = 0; axis < 3; axis++)
            {
                worst = Math.Max(worst, Math.Abs(reference.Points[(p * 3) + axis] - kernel.Points[(p * 3) + axis]));
            }

            worst = Math.Max(worst, Math.Abs(reference.ReprojectionErrors[p] - kernel.ReprojectionErrors[p]) * 1e-3);
        }

        TestContext.Out.WriteLine($"{compared} points compared, worst |Δ| = {worst:E2} m, {mismatches.Count} decision mismatches");
        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches.Take(10)));
        Assert.That(worst, Is.LessThanOrEqualTo(tolerance));
    }
}
