using System.Runtime.InteropServices;
using Broadcast3D.Ndi.Interop;

namespace Broadcast3D.Ndi;

/// <summary>
/// The NDI runtime, loaded at run time from the library the user installed (never shipped with Broadcast3D).
/// A loaded runtime stays loaded and initialised for the life of the process, as the NDI SDK advises; loading the
/// same file twice returns the same instance. Thread-safe.
/// </summary>
public sealed class NdiRuntime
{
    private static readonly Lock CacheLock = new();
    private static readonly Dictionary<nint, NdiRuntime> Loaded = [];

    private NdiRuntime(NdiFunctions functions, string libraryPath, string version)
    {
        Functions = functions;
        LibraryPath = libraryPath;
        Version = version;
    }

    /// <summary>The file (or bare name resolved by the loader) the runtime was loaded from.</summary>
    public string LibraryPath { get; }

    /// <summary>The runtime's own version string (<c>NDIlib_version()</c>), e.g. "NDI SDK LINUX … 5.5.2".</summary>
    public string Version { get; }

    internal NdiFunctions Functions { get; }

    /// <summary>Loads the first usable runtime in the order of <paramref name="options"/>; throws
    /// <see cref="NdiRuntimeNotInstalledException"/> with the places tried when there is none.</summary>
    public static NdiRuntime Load(NdiRuntimeOptions? options = null)
    {
        NdiRuntimeProbe probe = Probe(options);
        return probe.Runtime ?? throw new NdiRuntimeNotInstalledException(probe.Message);
    }

    /// <summary>Looks for the runtime without throwing; used by <c>b3d doctor</c> and optional outputs.</summary>
    public static NdiRuntimeProbe Probe(NdiRuntimeOptions? options = null)
    {
        options ??= NdiRuntimeOptions.Default;
        var lookedIn = new List<string>();
        foreach (string candidate in NdiLibraryNames.Candidates(options))
        {
            bool isPath = Path.IsPathRooted(candidate) || candidate.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal);
            if (isPath && !File.Exists(candidate))
            {
                lookedIn.Add(candidate);
                continue;
            }
            nint handle;
            try
            {
                handle = NativeLibrary.Load(candidate);
            }
            catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
            {
                // A bare name the loader does not know is the ordinary "absent" case; a file that exists but does
                // not load (missing libavahi-client3, wrong architecture) deserves the loader's own words.
                lookedIn.Add(isPath ? $"{candidate} (failed to load: {ex.Message})" : $"{candidate} (loader search)");
                continue;
            }
            try
            {
                NdiRuntime runtime = FromHandle(handle, candidate);
                return new NdiRuntimeProbe(runtime, $"NDI runtime {runtime.Version} loaded from {candidate}", lookedIn);
            }
            catch (NdiException ex)
            {
                lookedIn.Add($"{candidate} ({ex.Message})");
            }
        }
        return new NdiRuntimeProbe(null, NdiLibraryNames.NotInstalledMessage(lookedIn), lookedIn);
    }

    private static unsafe NdiRuntime FromHandle(nint handle, string candidate)
    {
        lock (CacheLock)
        {
            if (Loaded.TryGetValue(handle, out NdiRuntime? known))
                return known;
            NdiFunctions functions;
            try
            {
                functions = new NdiFunctions(handle);
            }
            catch (EntryPointNotFoundException ex)
            {
                throw new NdiException(ex.Message, ex);
            }
            if (functions.IsSupportedCpu() == 0)
                throw new NdiException("this CPU is not supported by the NDI runtime (it needs SSE4.2 on x86-64)");
            if (functions.Initialize() == 0)
                throw new NdiException("NDIlib_initialize failed");
            var runtime = new NdiRuntime(functions, candidate, NdiCall.String(functions.Version()));
            Loaded[handle] = runtime;
            return runtime;
        }
    }

    public override string ToString() => $"{Version} ({LibraryPath})";
}
