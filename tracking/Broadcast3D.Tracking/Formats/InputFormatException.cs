namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// An input file or folder (2D keypoints, TRC) is missing, malformed or inconsistent. The message names the file
/// or folder and the field, and says what was expected.
/// </summary>
public sealed class InputFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public InputFormatException(string path, string message, Exception? inner = null)
        : base($"{path}: {message}", inner)
    {
        Path = path;
    }

    public InputFormatException()
        : this("<unknown>", "invalid input")
    {
    }

    public InputFormatException(string message)
        : this("<unknown>", message)
    {
    }

    public InputFormatException(string message, Exception innerException)
        : this("<unknown>", message, innerException)
    {
    }

    /// <summary>The file or folder at fault.</summary>
    public string Path { get; }
}
