using Broadcast3D.Cli.Commands;
using Broadcast3D.Core.Assets;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Gpu;
using Broadcast3D.Media;
using Broadcast3D.Ndi;
using Broadcast3D.Renderer.Text;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Inference;
using Microsoft.ML.OnnxRuntime;

namespace Broadcast3D.Cli;

/// <summary>
/// The one place where an exception that leaves a command becomes an exit code and one line on the terminal
/// (README "Exit codes"). The project's exceptions name their file, camera, output or field in their message;
/// anything else is unexpected: its stack trace goes to the log file and the terminal gets one line.
/// </summary>
internal static class CliErrors
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Bad input: configuration, calibration, input files, options, a file that cannot be read or written.</summary>
    public const int BadInput = 1;

    /// <summary>A model or data asset is missing, or a model is not of the declared family.</summary>
    public const int MissingAsset = 2;

    /// <summary>A runtime component is unavailable or failed: GPU/EGL, NDI, ONNX Runtime or a provider, fonts.</summary>
    public const int Unavailable = 3;

    /// <summary>Media: a source or output that FFmpeg cannot open, decode or encode.</summary>
    public const int Media = 4;

    /// <summary>An unexpected error (a defect): details in the log file.</summary>
    public const int Internal = 70;

    /// <summary>Stopped by Ctrl-C before the end.</summary>
    public const int Cancelled = 130;

    /// <summary>The exit code for <paramref name="exception"/>, and whether it is one the project expects.</summary>
    public static (int ExitCode, bool Expected) Classify(Exception exception) => exception switch
    {
        OperationCanceledException => (Cancelled, true),
        // Before the IO cases: AssetNotFoundException is a FileNotFoundException.
        AssetNotFoundException or ModelMismatchException => (MissingAsset, true),
        UsageException or ConfigException or CalibrationFormatException or InputFormatException or InvalidDataException
            or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException => (BadInput, true),
        GpuException or NdiException or FontException or ExecutionProviderUnavailableException or OnnxRuntimeException
            or AcceleratorUnavailableException or Engine.Nodes.NodeException => (Unavailable, true),
        MediaException => (Media, true),
        IOException => (BadInput, true),
        _ => (Internal, false),
    };

    /// <summary>One line for the terminal: the command, then the message on one line.</summary>
    public static string Line(string command, Exception exception)
    {
        (int _, bool expected) = Classify(exception);
        string message = OneLine(exception.Message);
        if (exception is OnnxRuntimeException)
            message = $"ONNX Runtime: {message}";
        if (exception is OperationCanceledException)
            message = "cancelled; outputs may be incomplete";
        return expected ? $"b3d {command}: {message}" : $"b3d {command}: unexpected error ({exception.GetType().Name}: {message})";
    }

    private static string OneLine(string text) =>
        string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
