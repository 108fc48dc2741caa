using System.Numerics;
using BenchmarkDotNet.Attributes;
using Broadcast3D.Core.Assets;
using Broadcast3D.Core.Meshes;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.Renderer.Views;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// One virtual-camera frame at the orbit replay's 1280×720 (issue #18): the Balancing trial's athlete (frame 50) seen
/// 4.5 m away as the virtual camera frames it, over the floor with shadows, read back. Baseline: the body capsules
/// (the bodies plugin's 4.5 cm capsules per bone and joint, and a capsule shadow for each), today's drawing. Against
/// it: a closed mesh of 19,800 triangles (the triangle budget picked for issue #18's meshes) standing where the
/// athlete stands, with its shadow mask; a new mesh every frame (uploaded and its normals computed each time: a
/// replay's range) and the same mesh (a freeze: the upload is skipped), and with the skeleton drawn on top; and the
/// capsules without their shadows, to tell the analytic capsule shadows' share (a loop over every caster per floor
/// fragment) from the rest.
/// Conclusion sought: what a mesh costs on the GPU path (llvmpipe here) against the capsules it replaces.
/// </summary>
[Config(typeof(InProcessShortRunConfig))]
[MemoryDiagnoser]
public class MeshCompositeBenchmark
{
    private const int Width = 1280, Height = 720;
    // 100 rings × 100 slices: 2 × 100 × 99 = 19,800 triangles, 9,902 vertices.
    private const int Rings = 100;
    private const float CapsuleRadiusMetres = 0.045f;
    private GpuDevice _device = null!;
    private Compositor _compositor = null!;
    private RenderCamera _camera = null!;
    private GroundPlane _ground;
    private SkeletonDrawing[] _capsules = null!, _skeleton = null!;
    private ShadowCaster[] _casters = null!;
    private AthleteMesh[][] _meshes = null!;
    private byte[] _frame = null!;
    private int _tick;

    [GlobalSetup]
    public void Setup()
    {
        TrcData trc = TrcFile.Read(AssetLocator.RequireData("pose2sim-demo/S00_P00_SingleParticipant/S00_P00_T01_BalancingTrial/pose-3d/S00_P00_T01_BalancingTrial_0-100.trc"));
        double[] world = trc.ToWorldZUp();
        int markers = trc.MarkerCount;
        var joints = new Vector3[markers];
        (Vector3 sum, float low, float high) = (Vector3.Zero, float.MaxValue, float.MinValue);
        for (int m = 0; m < markers; m++)
        {
            int i = ((50 * markers) + m) * 3;
            joints[m] = new Vector3((float)world[i], (float)world[i + 1], (float)world[i + 2]);
            (sum, low, high) = (sum + joints[m], Math.Min(low, joints[m].Z), Math.Max(high, joints[m].Z));
        }
        Vector3 centre = sum / markers;
        IReadOnlyList<(int From, int To)> bones = Bones(trc.MarkerNames);
        _device = GpuDevice.Create();
        _compositor = new Compositor(_device, new CompositorDescription(Width, Height));
        // The virtual camera's framing: 45° vertical field of view, 4.5 m away, 10° down.
        _camera = RenderCamera.Orbit(centre, 0.6f, MathF.PI / 18, 4.5f, MathF.PI / 4, Width, Height);
        _ground = GroundPlane.Around(centre with { Z = low - CapsuleRadiusMetres });
        _capsules = [new SkeletonDrawing(joints, bones, new Vector4(0, 0.82f, 1, 1), SkeletonStyle.Capsules) { CapsuleRadiusMetres = CapsuleRadiusMetres }];
        _skeleton = [new SkeletonDrawing(joints, bones, new Vector4(1, 0.65f, 0, 1), SkeletonStyle.Bones)];
        _casters = [.. bones.Select(b => new ShadowCaster(joints[b.From], joints[b.To], CapsuleRadiusMetres)),
            .. joints.Select(j => new ShadowCaster(j, j, CapsuleRadiusMetres))];
        var mid = new Vector3(centre.X, centre.Y, (low + high) / 2);
        var radii = new Vector3(0.25f, 0.25f, (high - low) / 2);
        _meshes =
        [
            [EllipsoidMesh.Create(1, mid, radii, Rings, Rings, u => ((byte)(150 + (80 * u.Z)), 120, 90, 255))],
            [EllipsoidMesh.Create(1, mid + new Vector3(0.01f, 0, 0), radii, Rings, Rings, u => ((byte)(150 + (80 * u.Z)), 120, 90, 255))],
        ];
        _frame = new byte[Width * Height * 4];
    }

    [Benchmark(Baseline = true, Description = "capsules: floor + capsule shadows + capsules")]
    public void Capsules()
    {
        SubmitCapsules();
        ReadBack();
    }

    [Benchmark(Description = "mesh 19.8k triangles, a new one each frame")]
    public void MeshEveryFrame()
    {
        SubmitMesh(newMesh: true, skeletonOnTop: false);
        ReadBack();
    }

    [Benchmark(Description = "mesh 19.8k triangles, the same (freeze)")]
    public void MeshFrozen()
    {
        SubmitMesh(newMesh: false, skeletonOnTop: false);
        ReadBack();
    }

    [Benchmark(Description = "mesh 19.8k triangles, new each frame, skeleton on top")]
    public void MeshWithSkeleton()
    {
        SubmitMesh(newMesh: true, skeletonOnTop: true);
        ReadBack();
    }

    [Benchmark(Description = "capsules without shadows: floor + capsules")]
    public void CapsulesWithoutShadows()
    {
        SubmitCapsules(shadows: false);
        ReadBack();
    }

    /// <summary>Issues today's drawing: the floor with the capsules' shadows (or none), then the capsules.</summary>
    public void SubmitCapsules(bool shadows = true)
    {
        _compositor.BeginFrame(Vector4.One);
        _compositor.DrawGround(_camera, _ground, shadows ? _casters : []);
        _compositor.DrawScene(_camera, _capsules);
    }

    /// <summary>Issues the mesh drawing: the floor with the mesh's shadow, the mesh, and the skeleton over it when asked.</summary>
    public void SubmitMesh(bool newMesh, bool skeletonOnTop)
    {
        ReadOnlySpan<AthleteMesh> meshes = _meshes[newMesh ? _tick++ & 1 : 0];
        _compositor.BeginFrame(Vector4.One);
        _compositor.DrawGround(_camera, _ground, [], meshes);
        _compositor.DrawMeshes(_camera, meshes, _ground.LightDirection);
        if (skeletonOnTop)
        {
            _compositor.ClearDepth();
            _compositor.DrawScene(_camera, _skeleton);
        }
    }

    /// <summary>Reads the finished frame back (waits for the GPU: llvmpipe's rasteriser threads here).</summary>
    public void ReadBack() => _compositor.ReadRgba(_frame);

    /// <summary>What the device is (the harness prints it).</summary>
    public string Device => _device.Info.ToString();

    [GlobalCleanup]
    public void Cleanup()
    {
        _compositor.Dispose();
        _device.Dispose();
    }

    /// <summary>The Pose2Sim skeleton's bones, as indices into the trial's marker order.</summary>
    private static (int From, int To)[] Bones(IReadOnlyList<string> markerNames)
    {
        SkeletonDefinition definition = Pose2SimMarkers.Definition;
        var index = new int[definition.KeypointCount];
        for (int k = 0; k < index.Length; k++)
            index[k] = markerNames.ToList().IndexOf(definition.KeypointNames[k]);
        return [.. definition.Bones.Where(b => index[b.From] >= 0 && index[b.To] >= 0).Select(b => (index[b.From], index[b.To]))];
    }
}
