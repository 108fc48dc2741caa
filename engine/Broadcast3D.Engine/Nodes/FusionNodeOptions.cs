using Broadcast3D.Core.Time;
using Broadcast3D.Tracking.Accelerators;

namespace Broadcast3D.Engine.Nodes;

/// <summary>What a fusion node fuses and how long it waits. Immutable.</summary>
public sealed record FusionNodeOptions
{
    /// <summary>The bus and its retention.</summary>
    public required BusOptions Bus { get; init; }

    /// <summary>Calibration TOML of every camera; its camera names are the camera ids on the bus.</summary>
    public required string CalibrationPath { get; init; }

    /// <summary>Keypoint layout the camera nodes publish (the pose model's: BLAZEPOSE_33, COCO_17).</summary>
    public string Skeleton { get; init; } = "BLAZEPOSE_33";

    /// <summary>Most 3D people per frame set.</summary>
    public int MaxPeople { get; init; } = 4;

    /// <summary>People kept per camera and set (the camera nodes' own limit, 8 by default).</summary>
    public int MaxPeoplePerCamera { get; init; } = 16;

    /// <summary>Where the triangulation runs.</summary>
    public TrackingAccelerator Accelerator { get; init; } = TrackingAccelerator.Reference;

    /// <summary>Rate of the frame-set grid the 2D is synced on by capture time: the cameras' rate (default 60 fps).</summary>
    public FrameRate FrameRate { get; init; } = FrameRate.Fps60;

    /// <summary>How long a set waits for a camera; null waits for every camera (offline, deterministic).</summary>
    public TimeSpan? StallTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Stop once every camera has sent its end of stream and every set is out (offline trials).</summary>
    public bool ExitWhenEnded { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the field that cannot be used.</summary>
    public void Validate()
    {
        Bus.Validate();
        if (MaxPeople < 1)
            throw new ArgumentException($"--max-people {MaxPeople}: give 1 or more");
        if (MaxPeoplePerCamera < 1)
            throw new ArgumentException($"max people per camera {MaxPeoplePerCamera}: give 1 or more");
        if (StallTimeout is { } t && t <= TimeSpan.Zero)
            throw new ArgumentException($"--stall-timeout {t.TotalSeconds} s: give a positive time, or none to wait for every camera");
    }
}
