namespace Broadcast3D.Media.Ingest;

/// <summary>
/// A camera's decoded pictures were refused by <see cref="CameraSourceOptions.CheckSize"/>; the message is the
/// check's, naming the camera and what to change. Raised and handled on the reader thread only.
/// </summary>
internal sealed class SourceRefusedException(string message) : Exception(message);
