namespace Broadcast3D.Ndi;

/// <summary>
/// Where <see cref="NdiRuntime"/> looks for the NDI library. Order: <see cref="SearchDirectories"/>, then
/// <c>NDI_RUNTIME_DIR_V6</c> (libndi.so.6) and <c>NDI_RUNTIME_DIR_V5</c> (libndi.so.5) when
/// <see cref="UseEnvironment"/>, then /usr/lib, /usr/local/lib, /usr/lib/&lt;arch&gt;-linux-gnu and the OS loader's
/// default search when <see cref="UseDefaultSearch"/>. In every folder NDI 6 is tried before NDI 5.
/// </summary>
public sealed record NdiRuntimeOptions
{
    /// <summary>The defaults: environment variables, standard folders and the loader's search.</summary>
    public static NdiRuntimeOptions Default { get; } = new();

    /// <summary>Folders tried first, in order (e.g. a runtime unpacked beside the application or a test cache).</summary>
    public IReadOnlyList<string> SearchDirectories { get; init; } = [];

    /// <summary>Whether to honour <c>NDI_RUNTIME_DIR_V6</c> and <c>NDI_RUNTIME_DIR_V5</c>.</summary>
    public bool UseEnvironment { get; init; } = true;

    /// <summary>
    /// Whether to try the standard install folders and the loader's default search. Turn off to confine the search
    /// to <see cref="SearchDirectories"/>: the loader also answers a bare name with a library the process already
    /// loaded from elsewhere.
    /// </summary>
    public bool UseDefaultSearch { get; init; } = true;
}
