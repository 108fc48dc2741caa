using Broadcast3D.Core.Time;

namespace Broadcast3D.Ndi.Tests;

public sealed class NdiTimecodeTests
{
    [Test]
    public void FromFrameIndex_NtscRate_IsExactFrameStartTruncatedTo100Ns()
    {
        // 59.94: one frame is 1001/60000 s = 166 833.33… units; 60 000 frames are exactly 1001 s.
        Assert.That(NdiTimecode.FromFrameIndex(1, FrameRate.Fps59_94), Is.EqualTo(166_833));
        Assert.That(NdiTimecode.FromFrameIndex(2, FrameRate.Fps59_94), Is.EqualTo(333_666));
        Assert.That(NdiTimecode.FromFrameIndex(60_000, FrameRate.Fps59_94), Is.EqualTo(1001L * 10_000_000));
    }

    [Test]
    public void ToFrameIndex_TwentyFourHoursOfFrames_RoundTripsEveryRate()
    {
        foreach (FrameRate rate in new[] { FrameRate.Fps23_976, FrameRate.Fps25, FrameRate.Fps29_97, FrameRate.Fps50, FrameRate.Fps59_94, FrameRate.Fps60 })
        {
            long day = (long)(24 * 3600 * rate.ToDouble());
            foreach (long n in new[] { 0L, 1, 2, 999, 1000, 1001, day - 1, day })
                Assert.That(NdiTimecode.ToFrameIndex(NdiTimecode.FromFrameIndex(n, rate), rate), Is.EqualTo(n), $"{rate} frame {n}");
        }
    }

    [Test]
    public void FromFrameIndex_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NdiTimecode.FromFrameIndex(-1, FrameRate.Fps25));
    }
}
