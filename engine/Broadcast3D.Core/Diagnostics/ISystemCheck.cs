namespace Broadcast3D.Core.Diagnostics;

/// <summary>
/// A self-check a project offers to <c>b3d doctor</c>: it loads its native library (or asset) for real and
/// reports versions and capabilities. Implementations never throw: failures become
/// <see cref="DiagnosticStatus.Missing"/> items whose detail says what to install.
/// </summary>
public interface ISystemCheck
{
    /// <summary>Runs the check. May take up to a few seconds (e.g. creating a GL context).</summary>
    IReadOnlyList<DiagnosticItem> Run();
}
