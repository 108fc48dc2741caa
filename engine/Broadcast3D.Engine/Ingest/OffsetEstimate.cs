namespace Broadcast3D.Engine.Ingest;

/// <summary>How <see cref="CameraSync"/> estimates each camera's offset on top of the configured one.</summary>
public enum OffsetEstimate
{
    /// <summary>Trust the timestamps: cameras share a clock (genlocked recorders, common pts origin).</summary>
    None,
    /// <summary>Each camera's first frame is time 0: files recorded by cameras started together.</summary>
    FirstFrame,
    /// <summary>
    /// Live sources with unrelated pts origins: a camera's timeline is placed by when its first frame arrived
    /// (offset = arrival − sync start − first frame time), so a camera started later lines up later.
    /// </summary>
    Arrival,
}
