namespace Broadcast3D.Engine.Configuration;

/// <summary>How a camera is recorded (<c>cameras[i].record</c>).</summary>
public enum RecordMode
{
    /// <summary>The packets as received, no re-encode (the default).</summary>
    Copy,

    /// <summary>The decoded pictures encoded again as H.264 (for raw sources, or streams that cannot be cut at their key frames).</summary>
    Encode,
}
