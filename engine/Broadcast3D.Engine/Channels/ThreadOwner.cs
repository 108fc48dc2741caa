using System.Diagnostics;

namespace Broadcast3D.Engine.Channels;

/// <summary>
/// A thread role of the live graph ("channel", "ingest", "tracking", "sink NAME") checked in debug builds: the
/// role's thread <see cref="Claim"/>s it when it starts (or the first caller of <see cref="AssertSingle"/> does), and
/// code that may only run on that thread calls <see cref="Assert"/>, which fails naming the role, the owner and the
/// caller. The calls are removed from release builds (<see cref="ConditionalAttribute"/>), so per-frame code pays
/// nothing on air. Same shape as Core's <c>ThreadRole</c> (Claim/Assert), which replaces it. Any thread may call.
/// </summary>
internal sealed class ThreadOwner(string role)
{
    private Thread? _owner;

    /// <summary>The role's name.</summary>
    public string Role { get; } = role;

    /// <summary>Makes the calling thread the owner: first thing on the role's thread (a restarted thread takes the role over).</summary>
    public void Claim() => Volatile.Write(ref _owner, Thread.CurrentThread);

    /// <summary>Debug builds: fails unless the calling thread claimed the role.</summary>
    [Conditional("DEBUG")]
    public void Assert()
    {
        Thread? owner = Volatile.Read(ref _owner);
        Debug.Assert(owner == Thread.CurrentThread,
            $"the {Role} role belongs to thread {Describe(owner)}, not {Describe(Thread.CurrentThread)}: only the {Role} thread may call this");
    }

    /// <summary>Debug builds: the first caller becomes the owner; fails when another thread calls later (one producer, one consumer).</summary>
    [Conditional("DEBUG")]
    public void AssertSingle()
    {
        Interlocked.CompareExchange(ref _owner, Thread.CurrentThread, null);
        Assert();
    }

    private static string Describe(Thread? thread) => thread is null ? "(none: never claimed)" : $"{thread.ManagedThreadId} '{thread.Name}'";
}
