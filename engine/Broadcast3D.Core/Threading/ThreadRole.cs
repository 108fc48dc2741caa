using System.Diagnostics;

namespace Broadcast3D.Core.Threading;

/// <summary>
/// A thread role of the pipeline ("channel", "ingest", "tracking", "sink NAME"): the thread that starts the role
/// <see cref="Claim"/>s it, and code that may only run on that thread checks with <see cref="Assert"/> (debug builds)
/// or <see cref="Verify"/> (always). Documented thread ownership is then enforced, as <c>GpuDevice.VerifyAccess</c>
/// enforces the GL context's: the same identity (<see cref="Environment.CurrentManagedThreadId"/>), the same
/// exception (<see cref="InvalidOperationException"/>) and a message naming the role, the owner and the caller.
/// </summary>
/// <remarks>
/// Thread-safety: every member may be called from any thread. The owner is published with a volatile write, so a
/// thread that sees a claim sees it whole. A role is claimed once per thread start; a restarted role (a tracking
/// worker made again after a failure) calls <see cref="Release"/> on its old thread, or <see cref="Claim"/> again on
/// the new one, which takes the role over: a role has one owner at a time, never two.
/// </remarks>
public sealed class ThreadRole
{
    private const int Unclaimed = 0; // managed thread ids start at 1

    private int _ownerThreadId;
    private string? _ownerThreadName;

    /// <summary>Creates an unclaimed role named <paramref name="name"/> (used in every failure message).</summary>
    /// <exception cref="ArgumentException">The name is null, empty or white space.</exception>
    public ThreadRole(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The role's name, e.g. "channel" or "sink ndi:Programme".</summary>
    public string Name { get; }

    /// <summary>Managed id of the owning thread, or 0 while the role is unclaimed.</summary>
    public int OwnerThreadId => Volatile.Read(ref _ownerThreadId);

    /// <summary>True when the calling thread owns the role.</summary>
    public bool IsOwner => Volatile.Read(ref _ownerThreadId) == Environment.CurrentManagedThreadId;

    /// <summary>
    /// Makes the calling thread the role's owner: call it first thing on the role's thread. A second claim from
    /// another thread takes the role over (a restarted worker); the previous owner's checks fail from then on.
    /// </summary>
    public void Claim()
    {
        _ownerThreadName = Thread.CurrentThread.Name;
        Volatile.Write(ref _ownerThreadId, Environment.CurrentManagedThreadId);
    }

    /// <summary>
    /// Gives the role up when its thread ends, so a later check from any thread reports "unclaimed" rather than a
    /// stale owner. Owner thread only.
    /// </summary>
    /// <exception cref="InvalidOperationException">The caller does not own the role.</exception>
    public void Release()
    {
        Verify();
        Volatile.Write(ref _ownerThreadId, Unclaimed);
        _ownerThreadName = null;
    }

    /// <summary>
    /// Throws unless the calling thread owns the role. Use it where the check is cheap next to the work it guards
    /// and a wrong thread must fail in release builds too; per-frame checks use <see cref="Assert"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The role is unclaimed or owned by another thread; the message names the role, the owner and the caller.
    /// </exception>
    public void Verify()
    {
        int owner = Volatile.Read(ref _ownerThreadId);
        int caller = Environment.CurrentManagedThreadId;
        if (owner == caller)
            return;
        throw new InvalidOperationException(owner == Unclaimed
            ? $"the {Name} role has no thread yet, but thread {Describe(caller, Thread.CurrentThread.Name)} acts as it; call Claim() on the {Name} thread when it starts"
            : $"the {Name} role is owned by thread {Describe(owner, _ownerThreadName)}, not {Describe(caller, Thread.CurrentThread.Name)}; only the {Name} thread may call this");
    }

    /// <summary>
    /// <see cref="Verify"/> in debug builds; the call (arguments included) is removed from release builds by the
    /// compiler (<see cref="ConditionalAttribute"/> applies at the call site: it follows the caller's build, not
    /// Core's), so per-frame code pays nothing on air.
    /// </summary>
    [Conditional("DEBUG")]
    public void Assert() => Verify();

    /// <summary>
    /// Debug builds: the first caller becomes the owner when the role is unclaimed, then as <see cref="Assert"/>. For
    /// the calling side of a one-producer/one-consumer hand-over (the ingest thread reading <c>CameraSync</c>, the
    /// channel pushing to a sink), whose thread is not known where the hand-over is made.
    /// </summary>
    [Conditional("DEBUG")]
    public void AssertSingle()
    {
        if (Interlocked.CompareExchange(ref _ownerThreadId, Environment.CurrentManagedThreadId, Unclaimed) == Unclaimed)
            _ownerThreadName = Thread.CurrentThread.Name;
        Verify();
    }

    /// <summary>The role and its owner, for logs: "channel (thread 7 'channel')" or "channel (unclaimed)".</summary>
    public override string ToString()
    {
        int owner = OwnerThreadId;
        return owner == Unclaimed ? $"{Name} (unclaimed)" : $"{Name} (thread {Describe(owner, _ownerThreadName)})";
    }

    private static string Describe(int id, string? name) => name is null ? id.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{id} '{name}'";
}
