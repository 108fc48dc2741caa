using BenchmarkDotNet.Attributes;
using Broadcast3D.Core.Assets;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Triangulation;
using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Benchmarks;

/// <summary>
/// The Pose2Sim demo's Balancing trial (4 cameras, 100 frames, 21 markers). <see cref="EndToEnd"/> is what
/// <c>b3d triangulate</c> does: read the 400 JSON files, triangulate, fill gaps, format the TRC text (file I/O
/// and JSON parsing allocate). <see cref="TriangulateAllFrames"/> is the steady state on loaded observations:
/// it must allocate nothing (Allocated = 0 B for 100 frames).
/// </summary>
[MemoryDiagnoser]
public class BalancingTrialBenchmark
{
    private readonly Triangulator _triangulator = new(new TriangulationSettings());
    private CameraRig _calibration = null!;
    private string _pose2d = null!;
    private TriangulationBatch _batch = null!;
    private double[] _projections = null!;

    [GlobalSetup]
    public void Setup()
    {
        _calibration = CalibrationToml.Read(AssetLocator.RequireData("pose2sim-demo/S00_Calibration/Calib_qualisys.toml"));
        _pose2d = AssetLocator.RequireData("pose2sim-demo/S00_P00_SingleParticipant/S00_P00_T01_BalancingTrial/pose-associated");
        int[] ids = SkeletonCatalog.Pose2SimBody25BMarkers.Select(SkeletonCatalog.Body25B.Require).ToArray();
        _batch = OpenPoseJson.ReadBatch(_pose2d, _calibration.Count, ids, 0);
        _projections = new double[12 * _calibration.Count];
        _calibration.CopyProjectionMatrices(_projections);
    }

    [Benchmark]
    public int EndToEnd()
    {
        TrialTriangulationResult result = TrialTriangulation.Run(_calibration, _pose2d, new TrialTriangulationOptions());
        return TrcFile.Format(result.Trc).Length;
    }

    [Benchmark]
    public void TriangulateAllFrames() => _triangulator.Solve(_batch, _projections);
}
