using BenchmarkDotNet.Attributes;
using Broadcast3D.Core.Cameras;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Masks;
using Broadcast3D.Tracking.Meshes;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// Visual-hull carving (issue #18) of one athlete-sized grid (0.9 × 0.9 × 2.0 m) from four cameras with lens
/// distortion, at 2 cm and 1 cm: the ILGPU kernel (copy in, kernel, copy out) against the plain C# reference
/// (baseline, one thread), both running <see cref="VoxelCarving.Classify"/>. The masks are a body-sized ellipsoid's
/// exact silhouettes, so about a fifth of the voxels stay, as with a real athlete. Without a GPU only ILGPU's CPU
/// accelerator runs: the Ratio column says what its thread emulation costs. The reference allocates 0 B.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortRunConfig))]
public class CarvingKernelBenchmark
{
    private static readonly Vector3d Centre = new(0, 0, 1.0);
    private static readonly Vector3d Radii = new(0.25, 0.2, 0.9);

    private VoxelCarver _reference = null!;
    private VoxelCarver _kernel = null!;
    private CarveCamera[] _cameras = null!;
    private byte[] _masks = null!;
    private byte[] _occupancy = null!;
    private CarveGrid _grid;

    [Params(0.02, 0.01)]
    public double VoxelMetres { get; set; } = 0.01;

    [GlobalSetup]
    public void Setup()
    {
        var distortion = new LensDistortion(-0.05, 0.01, 0, 0, 0, 4, false);
        const int S = PersonMask.Size;
        _cameras = new CarveCamera[4];
        _masks = new byte[4 * S * S];
        for (int c = 0; c < 4; c++)
        {
            double a = Math.PI / 2 * c;
            Camera camera = SyntheticRig.LookAt($"cam{c + 1:00}", new Vector3d(5 * Math.Cos(a), 5 * Math.Sin(a), 1.5), Centre, 1080, 1920, 1600, distortion);
            PersonMask mask = Silhouette(camera);
            mask.Coverage.CopyTo(_masks.AsSpan(c * S * S, S * S));
            _cameras[c] = CarveCamera.From(camera, mask, c * S * S);
        }
        float step = (float)VoxelMetres;
        int nx = (int)(0.9 / VoxelMetres) + 1, nz = (int)(2.0 / VoxelMetres) + 1;
        _grid = new CarveGrid(-0.45f, -0.45f, 0, step, nx, nx, nz, 4, 1, 2);
        _occupancy = new byte[_grid.Count];
        _reference = new VoxelCarver(TrackingAccelerator.Reference);
        _kernel = new VoxelCarver(TrackingAccelerator.Cpu);
    }

    [Benchmark(Baseline = true, Description = "reference (C#, 1 thread)")]
    public void Reference() => _reference.Carve(_cameras, _masks, _grid, _occupancy);

    [Benchmark(Description = "ILGPU CPU accelerator")]
    public void IlgpuCpu() => _kernel.Carve(_cameras, _masks, _grid, _occupancy);

    [GlobalCleanup]
    public void Cleanup()
    {
        _reference.Dispose();
        _kernel.Dispose();
    }

    /// <summary>The ellipsoid's exact silhouette in <paramref name="camera"/>.</summary>
    private static PersonMask Silhouette(Camera camera) =>
        ExactSilhouette.Mask(camera, Centre, 1000, 0, ExactSilhouette.Ellipsoid(Radii));
}
