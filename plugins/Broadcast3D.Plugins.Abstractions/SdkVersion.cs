namespace Broadcast3D.Plugins;

/// <summary>
/// The plugin SDK's semantic version. A plugin assembly records the version of <c>Broadcast3D.Plugins.Abstractions</c>
/// it was compiled against; the host loads it when the major versions match (minor versions add members only, so a
/// plugin built for 1.0 runs on 1.3) and the plugin's minor version is not newer than the host's (a plugin built for
/// 1.1 may call members a 1.0 host lacks); it refuses it otherwise, naming both versions. 1.1 added
/// <see cref="RecordedAttempt"/>, <see cref="PluginSettings.Attempt"/> and the screen-space lines
/// (<see cref="IOverlayCanvas.ScreenLine"/>, <see cref="IOverlayCanvas.ScreenPolyline"/>).
/// </summary>
public static class SdkVersion
{
    /// <summary>Breaking changes to any SDK type.</summary>
    public const int Major = 1;

    /// <summary>Additions that keep every plugin of the same major version working.</summary>
    public const int Minor = 1;

    /// <summary>Fixes without API change.</summary>
    public const int Patch = 0;

    /// <summary>"Major.Minor.Patch".</summary>
    public static string Text => $"{Major}.{Minor}.{Patch}";

    /// <summary>
    /// Whether a plugin compiled against SDK <paramref name="builtAgainst"/> can run on this SDK; when not,
    /// <paramref name="reason"/> says why and what to do.
    /// </summary>
    public static bool IsCompatible(Version builtAgainst, out string reason)
    {
        ArgumentNullException.ThrowIfNull(builtAgainst);
        if (builtAgainst.Major == Major && builtAgainst.Minor <= Minor)
        {
            reason = "";
            return true;
        }
        string built = $"built against plugin SDK {builtAgainst.Major}.{builtAgainst.Minor}.{Math.Max(0, builtAgainst.Build)}, this host runs SDK {Text}";
        reason = builtAgainst.Major == Major
            ? $"{built}: update Broadcast3D to a host with SDK {builtAgainst.Major}.{builtAgainst.Minor} or later, or rebuild the plugin against Broadcast3D.Plugins.Abstractions {Major}.{Minor}"
            : $"{built}: rebuild the plugin against Broadcast3D.Plugins.Abstractions {Major}.x";
        return false;
    }
}
