using BenchmarkDotNet.Attributes;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Gpu;
using Broadcast3D.Tracking.Gpu;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// Triangulation throughput: the GPU kernel (upload, dispatch, readback included) against the CPU reference
/// (baseline, one thread) on a synthetic 8-camera ring, 100 frames × 2 people × 21 keypoints, with 1 px noise and
/// 4 % gross outliers. Conclusion stated by the Ratio column; on llvmpipe the "GPU" is the same 2 CPU cores.
/// </summary>
[ShortRunJob]
public class TriangulationKernelBenchmark
{
    private const int Cameras = 8, Frames = 100, People = 2, Keypoints = 21;
    private GpuDevice _device = null!;
    private GpuTriangulator _gpu = null!;
    private Triangulator _cpu = null!;
    private TriangulationBatch _batch = null!;
    private double[] _projections = null!;

    [GlobalSetup]
    public void Setup()
    {
        _device = GpuDevice.Create();
        var random = new Random(7);
        _projections = new double[Cameras * 12];
        var rig = new Camera[Cameras];
        for (int c = 0; c < Cameras; c++)
        {
            rig[c] = RingCamera(c);
            rig[c].CopyProjectionMatrix(_projections.AsSpan(c * 12, 12));
        }
        _batch = new TriangulationBatch(Frames, People, Keypoints, Cameras);
        for (int p = 0; p < _batch.PointCount; p++)
        {
            var world = new Vector3d((random.NextDouble() * 2) - 1, (random.NextDouble() * 2) - 1, random.NextDouble() * 2);
            for (int c = 0; c < Cameras; c++)
            {
                (double u, double v) = rig[c].ProjectPinhole(world);
                bool outlier = random.NextDouble() < 0.04;
                int i = ((p * Cameras) + c) * 3;
                _batch.Observations[i] = u + random.NextDouble() - 0.5 + (outlier ? 120 : 0);
                _batch.Observations[i + 1] = v + random.NextDouble() - 0.5;
                _batch.Observations[i + 2] = 0.4 + (0.6 * random.NextDouble());
            }
        }
        var settings = new TriangulationSettings();
        _cpu = new Triangulator(settings);
        _gpu = new GpuTriangulator(_device, settings, _batch.PointCount, Cameras);
    }

    [Benchmark(Baseline = true, Description = "CPU reference, 4200 points")]
    public void Cpu() => _cpu.Solve(_batch, _projections);

    [Benchmark(Description = "GPU kernel, 4200 points")]
    public void Gpu() => _gpu.Solve(_batch, _projections);

    [GlobalCleanup]
    public void Cleanup()
    {
        _gpu.Dispose();
        _device.Dispose();
    }

    private static Camera RingCamera(int index)
    {
        double angle = 2 * Math.PI * index / Cameras;
        var position = new Vector3d(4 * Math.Cos(angle), 4 * Math.Sin(angle), 1.5);
        Vector3d forward = Normalise(new Vector3d(0, 0, 1) - position);
        Vector3d right = Normalise(Cross(forward, new Vector3d(0, 0, 1)));
        Vector3d down = Cross(forward, right);
        var r = new Matrix3d(right.X, right.Y, right.Z, down.X, down.Y, down.Z, forward.X, forward.Y, forward.Z);
        return new Camera($"ring{index}", 1088, 1920, new Matrix3d(1700, 0, 544, 0, 1700, 960, 0, 0, 1), LensDistortion.None,
            Rodrigues.FromMatrix(r), -(r * position));
    }

    private static Vector3d Cross(Vector3d a, Vector3d b) => new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));

    private static Vector3d Normalise(Vector3d v) => (1 / v.Length) * v;
}
