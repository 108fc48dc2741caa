using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.Tracking.FrameSets;

namespace Broadcast3D.Engine.Offline;

/// <summary>What pass 1 of an offline run fills, and the trial it runs over (see <see cref="TrialTracking"/>).</summary>
/// <param name="Calibration">The cameras, in video order.</param>
/// <param name="Rate">The trial's frame rate.</param>
/// <param name="Total">Frame sets to track at most (the capture's length).</param>
/// <param name="Capture">Receives the raw 3D people of every frame set.</param>
/// <param name="Boxes">Receives every camera's 2D people boxes per frame set (blurring in pass 2).</param>
/// <param name="JsonFolders">One folder per camera for its OpenPose JSON (created).</param>
/// <param name="CameraNames">The cameras' file names, the JSON files' prefix.</param>
/// <param name="Progress">Receives "tracking" progress.</param>
/// <param name="Cancellation">Stops the pass.</param>
internal sealed record TrialTrackingTargets(CameraRig Calibration, FrameRate Rate, int Total, TrialCapture Capture, PersonBoxes Boxes,
    string[] JsonFolders, string[] CameraNames, IProgress<OfflineProgress>? Progress, CancellationToken Cancellation);
