namespace Broadcast3D.Engine.Offline;

/// <summary>
/// Pass 1 of an offline run done elsewhere (the bus nodes of <c>b3d demo --nodes</c>): fills the targets' capture
/// (raw 3D per frame set), person boxes and OpenPose JSON folders, and returns the frame sets tracked and the largest
/// capture-time skew within a set (seconds).
/// </summary>
internal delegate (int Frames, double SkewSeconds) TrialTracking(TrialTrackingTargets targets);
