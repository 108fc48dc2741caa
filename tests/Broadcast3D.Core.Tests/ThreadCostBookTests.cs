using Broadcast3D.Core.Threading;

namespace Broadcast3D.Core.Tests;

public class ThreadCostBookTests
{
    [Test]
    public void Lines_TwoThreads_OneLinePerRoleInOrder()
    {
        var book = new ThreadCostBook(warmUpFrames: 1);
        ThreadAccounting channel = book.Add("channel", sampleProcess: true);
        ThreadAccounting ingest = book.Add("ingest");
        var thread = new Thread(() =>
        {
            ingest.Start();
            for (int i = 0; i < 4; i++)
                ingest.FrameDone();
        });
        thread.Start();
        channel.Start();
        for (int i = 0; i < 3; i++)
            channel.FrameDone();
        thread.Join();

        IReadOnlyList<string> lines = book.Lines();
        Assert.That(lines, Has.Count.EqualTo(2));
        Assert.That(lines[0], Does.Match(@"^cpu channel thread: \d+\.\d\d ms/frame, \d+ B/frame \(2 frames\); whole process \d+\.\d\d ms/frame$"));
        Assert.That(lines[1], Does.Match(@"^cpu ingest thread: \d+\.\d\d ms/frame, \d+ B/frame \(3 frames\)$"));
    }

    [Test]
    public void Constructor_NegativeWarmUp_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ThreadCostBook(-1));
}
