namespace Broadcast3D.Engine.Sync;

/// <summary>How <see cref="CameraSync"/> estimates each camera's offset on top of the configured one.</summary>
public enum OffsetEstimate
{
    /// <summary>Trust the timestamps: cameras share a clock (genlocked recorders, common pts origin).</summary>
    None,
    /// <summary>Each camera's first frame is time 0: files recorded by cameras started together.</summary>
    FirstFrame,
    /// <summary>
    /// Live sources with unrelated pts origins: a camera's timeline is placed by when its frames arrive
    /// (offset = the smallest recent arrival − media time, less the sync start; snapped to the set grid), so a
    /// camera started later lines up later. Accurate to the difference in the cameras' transport delays, so ±1
    /// frame: genlocked sources with a shared clock should use <see cref="None"/> or configured offsets.
    /// </summary>
    Arrival,
}
