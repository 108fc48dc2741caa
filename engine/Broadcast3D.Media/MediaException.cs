namespace Broadcast3D.Media;

/// <summary>
/// A media operation failed: the message names the file or URL and carries FFmpeg's own explanation;
/// <see cref="ErrorCode"/> is FFmpeg's negative error code (0 when the failure was detected by us).
/// </summary>
public sealed class MediaException : Exception
{
    public MediaException(string message, int errorCode = 0)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    public MediaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MediaException()
    {
    }

    public MediaException(string message)
        : base(message)
    {
    }

    /// <summary>FFmpeg's error code (AVERROR), or 0.</summary>
    public int ErrorCode { get; }
}
