namespace Broadcast3D.Gpu;

/// <summary>
/// A shader failed to compile or a program failed to link. <see cref="Exception.Message"/> starts with
/// <c>file:line: </c> of the first error (e.g. <c>selftest.comp:42: error: ...</c>) and ends with the driver's log.
/// </summary>
public sealed class ShaderCompilationException : GpuException
{
    public ShaderCompilationException(string fileName, int line, string driverLog)
        : base($"{fileName}:{(line > 0 ? line.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")}: {FirstError(driverLog)}\n{driverLog}")
    {
        FileName = fileName;
        Line = line;
        DriverLog = driverLog;
    }

    public ShaderCompilationException()
    {
        FileName = "";
        DriverLog = "";
    }

    public ShaderCompilationException(string message) : base(message)
    {
        FileName = "";
        DriverLog = message;
    }

    public ShaderCompilationException(string message, Exception inner) : base(message, inner)
    {
        FileName = "";
        DriverLog = message;
    }

    /// <summary>The shader file (name relative to <c>shaders/</c>), or the program's files for a link error.</summary>
    public string FileName { get; }

    /// <summary>1-based line of the first error in <see cref="FileName"/>; 0 when the driver gave none (link errors).</summary>
    public int Line { get; }

    /// <summary>The driver's complete info log.</summary>
    public string DriverLog { get; }

    private static string FirstError(string log)
    {
        foreach (string line in log.Split('\n'))
        {
            if (line.Contains("error", StringComparison.OrdinalIgnoreCase))
                return line.Trim();
        }
        return log.Trim();
    }
}
