namespace Broadcast3D.Media.Ingest;

/// <summary>Where a <see cref="CameraReader"/> stands.</summary>
public enum CameraReaderState
{
    /// <summary>Opening the source.</summary>
    Connecting,
    /// <summary>Decoding and queueing frames.</summary>
    Running,
    /// <summary>The network source failed or ended; waiting (backoff) before opening it again.</summary>
    Reconnecting,
    /// <summary>The file ended; every frame was queued.</summary>
    Ended,
    /// <summary>The file could not be read; <see cref="CameraReader.LastError"/> says why.</summary>
    Failed,
    /// <summary>Stopped by cancellation or dispose.</summary>
    Stopped,
}
