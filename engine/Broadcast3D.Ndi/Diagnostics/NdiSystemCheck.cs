using Broadcast3D.Core.Diagnostics;

namespace Broadcast3D.Ndi.Diagnostics;

/// <summary>
/// <c>b3d doctor</c>'s NDI line: loads the runtime for real and reports its version and file, or where it looked.
/// NDI output is optional, so an absent runtime is a <see cref="DiagnosticStatus.Warning"/>, never required.
/// </summary>
public sealed class NdiSystemCheck : ISystemCheck
{
    private readonly NdiRuntimeOptions _options;

    /// <summary>Checks with <paramref name="options"/> (default: environment, standard folders, loader search).</summary>
    public NdiSystemCheck(NdiRuntimeOptions? options = null) => _options = options ?? NdiRuntimeOptions.Default;

    public IReadOnlyList<DiagnosticItem> Run()
    {
        NdiRuntimeProbe probe = NdiRuntime.Probe(_options);
        return probe.Runtime is { } runtime
            ? [DiagnosticItem.Ok("NDI", "runtime", $"{runtime.Version} ({runtime.LibraryPath})", required: false)]
            : [DiagnosticItem.Warning("NDI", "runtime", $"{probe.Message}; NDI outputs are unavailable")];
    }
}
