namespace Broadcast3D.Media.Ingest;

/// <summary>Queue policy between a camera's reader thread and its consumer (ARCHITECTURE.md, "Time and threads").</summary>
public enum IngestMode
{
    /// <summary>Live: a full queue drops its oldest frame and counts it; nothing ever waits on a slow consumer.</summary>
    Live,
    /// <summary>Offline (export, tests): a full queue makes the reader wait; no frame is ever dropped.</summary>
    Offline,
}
