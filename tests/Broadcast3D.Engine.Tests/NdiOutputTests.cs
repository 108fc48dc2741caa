using System.Diagnostics;
using Broadcast3D.Cli.Tests;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Live;
using Broadcast3D.Ndi;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// A live NDI output (<see cref="NdiOutput"/>) through the real runtime on 127.0.0.1: a receiver that connects and
/// then goes is logged both times, naming the output with its counters, and the report says it (issue #13: the log
/// must tell a receiver that lost the output from an output that stopped sending).
/// </summary>
[NonParallelizable]
[Category("Live")]
public sealed class NdiOutputTests
{
    [Test]
    public void Send_ReceiverConnectsThenLeaves_EachChangeLoggedWithTheOutputAndItsCounters()
    {
        NdiRuntime runtime = LiveNdi.Runtime();
        string name = $"b3d-test-output-{Guid.NewGuid():N}"[..24];
        var lines = new List<string>();
        using Serilog.Core.Logger log = CollectingLog.Into(lines);
        var pool = new PicturePool(PixelLayout.Uyvy, 64, 36, 1);
        Assert.That(pool.TryRent(out Picture picture), Is.True);
        long sent = 0;
        using var output = new NdiOutput(new NdiSender(runtime, new NdiSenderOptions(name, new FrameRate(60, 1)) { ClockVideo = false }), $"ndi:{name}",
            () => (sent, 7), log);
        using (var finder = new NdiFinder(runtime, new NdiFinderOptions { ShowLocalSources = true, ExtraIps = "127.0.0.1" }))
        {
            NdiSource source = finder.WaitForSource(name, TimeSpan.FromSeconds(60)) ?? throw new AssertionException($"{name} not found within 60 s");
            using var receiver = new NdiReceiver(runtime, source);
            SendUntil(output, picture, ref sent, () => output.Connections == 1, "the receiver connected");
        }
        SendUntil(output, picture, ref sent, () => output.Connections == 0, "the receiver gone");
        picture.Release();

        string[] changes = [.. lines.Where(l => l.Contains("NDI receivers connected", StringComparison.Ordinal))];
        TestContext.Out.WriteLine(string.Join("\n", changes));
        Assert.That(changes, Has.Length.EqualTo(2), "one line when the receiver came, one when it went");
        Assert.That(changes[0], Does.StartWith($"ndi:{name}: 1 NDI receivers connected (was 0)").And.Contain("dropped so far"));
        Assert.That(changes[1], Does.StartWith($"ndi:{name}: 0 NDI receivers connected (was 1)").And.Contain(", 7 dropped so far"));
        Assert.That(output.Describe(), Is.EqualTo("0 NDI receivers connected at the end (at most 1, 2 changes)"));
    }

    /// <summary>Sends the picture every ~16 ms until <paramref name="done"/> (at most 30 s), counting each send as the sink would.</summary>
    private static void SendUntil(NdiOutput output, Picture picture, ref long sent, Func<bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        using var pause = new ManualResetEventSlim();
        while (!done())
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), $"{what} within 30 s");
            picture.FrameIndex = sent;
            output.Send(picture);
            sent++;
            pause.Wait(16); // a frame period at 60 fps
        }
    }
}
