using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// The marker input of <c>analyze</c>, <c>report</c> and <c>export</c>: a TRC, or a C3D read through the same
/// conversion as <c>b3d convert</c> (C3D's Z-up axes to the TRC's Y-up, units kept), chosen by the file's extension.
/// Stateless and thread-safe.
/// </summary>
internal static class MarkerInput
{
    /// <summary>The description shared by the commands' INPUT argument.</summary>
    public const string Description = "TRC or C3D file of one athlete (Pose2Sim markers; a .trc is Y-up, a .c3d Z-up as C3D systems write it).";

    /// <summary>Reads <paramref name="path"/> as TRC content.</summary>
    /// <exception cref="InputFormatException">Unknown extension, or a missing or malformed file (the message names it).</exception>
    public static TrcData Read(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".trc" => TrcFile.Read(path),
        ".c3d" => C3dTrc.ToTrc(C3dFile.Read(path), Path.GetFileName(path)),
        string other => throw new InputFormatException(path, $"unknown input type '{other}' (expected a .trc or .c3d file)"),
    };
}
