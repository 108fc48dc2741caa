namespace Broadcast3D.Tracking.Calibration;

/// <summary>
/// A calibration file could not be read or is inconsistent. The message names the file, the position
/// (line and column, 1-based, when known) and the field, and says what is expected.
/// </summary>
public sealed class CalibrationFormatException : Exception
{
    /// <summary>Creates the exception; <paramref name="line"/> and <paramref name="column"/> are 0 when unknown.</summary>
    public CalibrationFormatException(string file, int line, int column, string message, Exception? inner = null)
        : base(Compose(file, line, column, message), inner)
    {
        File = file;
        Line = line;
        Column = column;
    }

    public CalibrationFormatException()
        : this("<unknown>", 0, 0, "invalid calibration")
    {
    }

    public CalibrationFormatException(string message)
        : this("<unknown>", 0, 0, message)
    {
    }

    public CalibrationFormatException(string message, Exception innerException)
        : this("<unknown>", 0, 0, message, innerException)
    {
    }

    /// <summary>The file (or source name) being read.</summary>
    public string File { get; }

    /// <summary>1-based line, 0 when not tied to a position.</summary>
    public int Line { get; }

    /// <summary>1-based column, 0 when not tied to a position.</summary>
    public int Column { get; }

    private static string Compose(string file, int line, int column, string message) =>
        line > 0 ? $"{file}:{line}:{column}: {message}" : $"{file}: {message}";
}
