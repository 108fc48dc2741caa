namespace Broadcast3D.Ndi;

/// <summary>
/// Outcome of looking for the NDI runtime: either a loaded <see cref="Runtime"/> or the "not installed" message.
/// <see cref="LookedIn"/> lists every place tried in order, with the loader's reason for files that failed.
/// </summary>
public sealed record NdiRuntimeProbe(NdiRuntime? Runtime, string Message, IReadOnlyList<string> LookedIn)
{
    /// <summary>True when <see cref="Runtime"/> is loaded and initialised.</summary>
    public bool IsAvailable => Runtime is not null;
}
