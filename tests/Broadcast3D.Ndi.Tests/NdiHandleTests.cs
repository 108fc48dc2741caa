using System.Diagnostics;
using System.Runtime.CompilerServices;
using Broadcast3D.Core.Time;

namespace Broadcast3D.Ndi.Tests;

/// <summary>
/// Senders, finders and receivers own their NDI instance through a SafeHandle (issue #13): a second Dispose does
/// nothing, and one nobody disposed is destroyed by the finaliser, which the other end of the connection sees.
/// </summary>
[NonParallelizable]
[Category("Live")] // NDI discovery and connection within a timeout: under other test projects' load a source went unfound for 15 s
public sealed class NdiHandleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Test]
    public void SenderFinderReceiver_DisposedTwice_HarmlessAndThenRefused()
    {
        NdiRuntime runtime = NdiTestRuntime.Load();
        var sender = new NdiSender(runtime, new NdiSenderOptions(NdiTestRuntime.UniqueSourceName("twice"), FrameRate.Fps25));
        var finder = new NdiFinder(runtime, new NdiFinderOptions { ExtraIps = "127.0.0.1" });
        NdiSource? source = finder.WaitForSource(sender.Options.Name, Timeout);
        Assert.That(source, Is.Not.Null, $"{sender.SourceName} not found");
        var receiver = new NdiReceiver(runtime, source!);

        receiver.Dispose();
        receiver.Dispose();
        finder.Dispose();
        finder.Dispose();
        sender.Dispose();
        sender.Dispose();
        Assert.Throws<ObjectDisposedException>(() => _ = receiver.ConnectionCount);
        Assert.Throws<ObjectDisposedException>(() => finder.GetSources());
        Assert.Throws<ObjectDisposedException>(() => sender.GetConnectionCount(TimeSpan.Zero));
    }

    [Test]
    public void Receiver_NeverDisposed_FinaliserDisconnectsIt()
    {
        NdiRuntime runtime = NdiTestRuntime.Load();
        using var sender = new NdiSender(runtime, new NdiSenderOptions(NdiTestRuntime.UniqueSourceName("forgotten-rx"), FrameRate.Fps25));
        using (var finder = new NdiFinder(runtime, new NdiFinderOptions { ExtraIps = "127.0.0.1" }))
        {
            NdiSource? source = finder.WaitForSource(sender.Options.Name, Timeout);
            Assert.That(source, Is.Not.Null, $"{sender.SourceName} not found");
            ConnectAndForget(runtime, source!);
        }
        Assert.That(sender.GetConnectionCount(Timeout), Is.EqualTo(1), "the forgotten receiver connected");
        CollectAndFinalise();
        Assert.That(WaitUntil(() => sender.GetConnectionCount(TimeSpan.Zero) == 0), Is.True, "the finaliser destroyed the receiver: no connection left");
    }

    [Test]
    public void Sender_NeverDisposed_FinaliserTakesItsSourceAway()
    {
        NdiRuntime runtime = NdiTestRuntime.Load();
        string name = NdiTestRuntime.UniqueSourceName("forgotten-tx");
        CreateAndForget(runtime, name);
        using var finder = new NdiFinder(runtime, new NdiFinderOptions { ExtraIps = "127.0.0.1" });
        NdiSource? source = finder.WaitForSource(name, Timeout);
        Assert.That(source, Is.Not.Null, $"{name} not found");
        using var receiver = new NdiReceiver(runtime, source!);
        Assert.That(WaitUntil(() => receiver.ConnectionCount == 1), Is.True, "the receiver connected to the forgotten sender");
        CollectAndFinalise();
        Assert.That(WaitUntil(() => receiver.ConnectionCount == 0), Is.True, "the finaliser destroyed the sender: the connection closed");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ConnectAndForget(NdiRuntime runtime, NdiSource source) => _ = new NdiReceiver(runtime, source);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CreateAndForget(NdiRuntime runtime, string name) =>
        _ = new NdiSender(runtime, new NdiSenderOptions(name, FrameRate.Fps25));

    private static void CollectAndFinalise()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    private static bool WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Timeout)
        {
            if (condition())
                return true;
            // Polling a runtime that connects on its own threads: a short blocking wait, not a spin.
            using var pause = new ManualResetEventSlim();
            pause.Wait(50);
        }
        return condition();
    }
}
