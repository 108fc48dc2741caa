using System.Diagnostics;
using Broadcast3D.Ndi.Interop;

namespace Broadcast3D.Ndi;

/// <summary>
/// Discovers NDI sources. Discovery runs on the runtime's threads from construction; queries return snapshots as
/// managed <see cref="NdiSource"/> records. Thread-safety: use from one thread at a time.
/// </summary>
public sealed unsafe class NdiFinder : IDisposable
{
    private readonly NdiFunctions _ndi;
    // The handle owns the instance (destroyed once, by Dispose or the finaliser); _instance is the pointer in use.
    private readonly NdiInstanceHandle _handle;
    private nint _instance;

    /// <summary>Starts discovery; throws <see cref="NdiException"/> when the runtime refuses.</summary>
    public NdiFinder(NdiRuntime runtime, NdiFinderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        options ??= new NdiFinderOptions();
        _ndi = runtime.Functions;
        using var groups = new NdiUtf8(options.Groups);
        using var extraIps = new NdiUtf8(options.ExtraIps);
        var create = new NdiFindCreate
        {
            ShowLocalSources = options.ShowLocalSources ? (byte)1 : (byte)0,
            Groups = groups.Pointer,
            ExtraIps = extraIps.Pointer,
        };
        _instance = NdiCall.CheckHandle(_ndi.FindCreateV2(&create), "NDIlib_find_create_v2", "a source finder",
            "the network stack failed to start");
        _handle = new NdiInstanceHandle(_instance, _ndi.FindDestroy);
    }

    /// <summary>The sources known now (possibly none yet: discovery takes a moment after construction).</summary>
    public IReadOnlyList<NdiSource> GetSources()
    {
        ObjectDisposedException.ThrowIf(_instance == 0, this);
        uint count = 0;
        NdiSourceNative* sources = _ndi.FindGetCurrentSources(_instance, &count);
        var result = new NdiSource[count];
        for (int i = 0; i < result.Length; i++)
            result[i] = new NdiSource(NdiCall.String(sources[i].NdiName), NdiCall.String(sources[i].UrlAddress));
        return result;
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for a source whose <see cref="NdiSource.StreamName"/> or full name
    /// equals <paramref name="name"/> (ordinal). Returns null on timeout; blocks only inside the runtime's wait.
    /// </summary>
    public NdiSource? WaitForSource(string name, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(name);
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            foreach (NdiSource source in GetSources())
            {
                if (source.Name == name || source.StreamName == name)
                    return source;
            }
            TimeSpan left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero)
                return null;
            // Returns early when the source list changes, so this loop wakes once per change, not per tick.
            _ndi.FindWaitForSources(_instance, NdiCall.TimeoutMs(left));
        }
    }

    /// <summary>Stops discovery. Idempotent.</summary>
    public void Dispose()
    {
        if (_instance == 0)
            return;
        _instance = 0;
        _handle.Dispose();
    }
}
