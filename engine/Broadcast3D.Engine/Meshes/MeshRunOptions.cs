using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Meshes;

namespace Broadcast3D.Engine.Meshes;

/// <summary>What <c>b3d mesh</c> runs: which frames, where the carving runs, the mesh settings, the models.</summary>
/// <param name="OutputDirectory">Folder for <c>meshes/</c> and <c>mesh.json</c> (created).</param>
/// <param name="FirstFrame">First frame set meshed (0-based; earlier ones are decoded and skipped).</param>
/// <param name="FrameCount">Frame sets meshed from <paramref name="FirstFrame"/> (fewer when the videos end).</param>
/// <param name="Accelerator">Where the mesh's carving runs (<c>auto</c> resolves as for triangulation).</param>
/// <param name="Mesh">Voxel size, margin, triangle budget, smoothing, misses.</param>
/// <param name="PoseModel">The pose model: a BlazePose one (the only family with a person mask).</param>
/// <param name="Detector">The person detector.</param>
/// <param name="MaxPeople">3D people meshed per frame set (the best associated first).</param>
/// <param name="InferenceThreads">CPU threads per inference (0: ONNX Runtime's default).</param>
/// <param name="CompareFrames">Meshes on which the C# reference and the ILGPU CPU kernel are both timed and their
/// occupancies compared (the first ones; 0: none). Few by default: the CPU accelerator emulates GPU threads and is
/// one to two orders of magnitude slower than the reference at 1 cm (docs/mesh.md).</param>
public sealed record MeshRunOptions(string OutputDirectory, int FirstFrame = 0, int FrameCount = 100,
    TrackingAccelerator Accelerator = TrackingAccelerator.Auto, MeshOptions? Mesh = null, string PoseModel = "blazepose-full",
    string Detector = "rtmdet", int MaxPeople = 1, int InferenceThreads = 0, int CompareFrames = 1);
