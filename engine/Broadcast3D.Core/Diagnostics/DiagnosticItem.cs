namespace Broadcast3D.Core.Diagnostics;

/// <summary>How one checked item stands.</summary>
public enum DiagnosticStatus
{
    /// <summary>Loaded and working.</summary>
    Ok,
    /// <summary>Works, or is optional and absent; the detail says what is degraded.</summary>
    Warning,
    /// <summary>Absent or broken; the detail says what to install or set.</summary>
    Missing,
}

/// <summary>
/// One line of <c>b3d doctor</c>: a native dependency, a capability or an asset, checked for real.
/// </summary>
/// <param name="Category">Group shown in the table (".NET", "FFmpeg", "ONNX Runtime", "GPU", ...).</param>
/// <param name="Name">Short item name, stable for <c>--json</c> consumers.</param>
/// <param name="Status">Result of the check.</param>
/// <param name="Detail">Version, where it was found, or what to do when it is missing.</param>
/// <param name="Required">When true and not <see cref="DiagnosticStatus.Ok"/>, doctor exits non-zero.</param>
public sealed record DiagnosticItem(string Category, string Name, DiagnosticStatus Status, string Detail, bool Required)
{
    /// <summary>An item that passed.</summary>
    public static DiagnosticItem Ok(string category, string name, string detail, bool required = true) =>
        new(category, name, DiagnosticStatus.Ok, detail, required);

    /// <summary>An item that failed or is absent.</summary>
    public static DiagnosticItem Missing(string category, string name, string detail, bool required = true) =>
        new(category, name, DiagnosticStatus.Missing, detail, required);

    /// <summary>An optional item that is degraded or absent.</summary>
    public static DiagnosticItem Warning(string category, string name, string detail) =>
        new(category, name, DiagnosticStatus.Warning, detail, Required: false);
}
