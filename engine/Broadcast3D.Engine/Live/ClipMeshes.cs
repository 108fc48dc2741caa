using Broadcast3D.Core.Meshes;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Rendering;
using Broadcast3D.Engine.Replay;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// The athletes' meshes of one cued clip on the live replay channel (issue #18): one slot per recorded picture of the
/// clip from the mark-in (instant k at mark-in + k frame periods, common clock), filled by the
/// <see cref="ReplayMeshWorker"/> as each instant is carved, read by the virtual camera on the channel thread. A view's
/// frame takes the instant nearest its time, so a slow-motion or freeze shot draws the mesh of the picture it shows;
/// an instant not carved yet (or without a mesh) reads empty and the view draws capsules there. Thread-safe: one
/// writer (the worker), any readers; each slot is written once with an immutable array, so reading allocates nothing
/// and never sees a half-written frame.
/// </summary>
internal sealed class ClipMeshes : IAthleteMeshSource
{
    private readonly AthleteMesh[]?[] _frames;
    private readonly Rational _frameDuration;
    // Never disposed: without a timer or a wait handle asked of it, it holds nothing unmanaged, and the worker waits
    // on a linked source of its own (disposed there), so the clip can be dropped whoever still reads it.
    private readonly CancellationTokenSource _cancel = new();
    private int _started;
    private int _done;
    private int _withMesh;
    private volatile bool _finished;
    private volatile string? _reason;
    private volatile string? _cancelReason;

    /// <param name="camera">The camera cued (the instants are on its picture timeline).</param>
    /// <param name="from">The clip's mark-in, common clock.</param>
    /// <param name="frameDuration">The run's frame period.</param>
    /// <param name="frames">Instants to carve (at least 1).</param>
    /// <param name="carve">False: the clip draws capsules (nothing is carved).</param>
    public ClipMeshes(string camera, Rational from, Rational frameDuration, int frames, bool carve)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        Camera = camera;
        From = from;
        _frameDuration = frameDuration;
        _frames = new AthleteMesh[frames][];
        Carve = carve;
        _finished = !carve;
    }

    /// <summary>The camera cued.</summary>
    public string Camera { get; }

    /// <summary>Instant 0: the mark-in, common clock.</summary>
    public Rational From { get; }

    /// <summary>Instants of the clip.</summary>
    public int Frames => _frames.Length;

    /// <summary>True when the clip's meshes are carved; false: capsules.</summary>
    public bool Carve { get; }

    /// <summary>Cancelled when the clip is replaced or unloaded (the worker stops between instants).</summary>
    public CancellationToken Cancellation => _cancel.Token;

    /// <summary>The state the control API reports.</summary>
    public ReplayMeshState State => new(Carve ? "carved" : "none", _frames.Length, Volatile.Read(ref _done), Volatile.Read(ref _withMesh), !_finished, _reason);

    /// <summary>The common-clock time of instant <paramref name="k"/>.</summary>
    public Rational TimeOf(int k) => From + _frameDuration.Multiply(k);

    /// <summary>True for the first caller only: the worker that carves this clip.</summary>
    public bool TryStart() => Carve && Interlocked.Exchange(ref _started, 1) == 0;

    /// <summary>Worker: instant <paramref name="k"/>'s meshes (empty: carved nothing there).</summary>
    public void Set(int k, IReadOnlyList<AthleteMesh> meshes)
    {
        if (meshes.Count > 0)
        {
            Volatile.Write(ref _frames[k], [.. meshes]);
            Interlocked.Increment(ref _withMesh);
        }
        Interlocked.Increment(ref _done);
    }

    /// <summary>Worker: the carving ended (all instants, cancelled, or failed with <paramref name="reason"/>).</summary>
    public void Finish(string? reason)
    {
        _reason = reason;
        _finished = true;
    }

    /// <summary>Why the clip was cancelled (null: it was not).</summary>
    public string? CancelReason => _cancelReason;

    /// <summary>
    /// Channel thread: the clip was replaced or unloaded (<paramref name="reason"/>); a carving in progress stops
    /// between instants, one not started yet never starts.
    /// </summary>
    public void Cancel(string reason)
    {
        _cancelReason = reason;
        _cancel.Cancel();
        if (Interlocked.Exchange(ref _started, 1) == 0 && Carve)
            Finish(reason);
    }

    /// <inheritdoc/>
    public ReadOnlySpan<AthleteMesh> MeshesAt(long frame, Rational time)
    {
        // The nearest instant: ⌊(time − in) / period + ½⌋.
        long k = (((time - From) / _frameDuration) + new Rational(1, 2)).Floor();
        return k >= 0 && k < _frames.Length && Volatile.Read(ref _frames[k]) is { } meshes ? meshes : [];
    }
}
