using Broadcast3D.Core.Time;

namespace Broadcast3D.Core.Tests;

public class TimeTests
{
    [Test]
    public void TimeOfFrame_OneHourAt5994_IsExactWithNoDrift()
    {
        FrameRate rate = FrameRate.Fps59_94;
        long frames = 60L * 60 * 60000 / 1001; // frames started within one hour
        Rational t = rate.TimeOfFrame(frames);
        Assert.That(t, Is.EqualTo(new Rational(frames * 1001, 60000)));
        Assert.That(rate.FrameAtOrBefore(t), Is.EqualTo(frames));
        Assert.That(rate.NearestFrame(t + new Rational(1, 1000)), Is.EqualTo(frames));
    }

    [Test]
    public void Rational_Arithmetic_ReducesAndCompares()
    {
        Assert.That(new Rational(2, 4), Is.EqualTo(new Rational(1, 2)));
        Assert.That(new Rational(1, -3).Numerator, Is.EqualTo(-1));
        Assert.That(new Rational(1, 3) + new Rational(1, 6), Is.EqualTo(new Rational(1, 2)));
        Assert.That(new Rational(1001, 60000) < new Rational(1, 59), Is.True);
        Assert.That(new Rational(-7, 2).Floor(), Is.EqualTo(-4));
        Assert.That(new Rational(-7, 2).Round(), Is.EqualTo(-4));
        Assert.That(new Rational(5, 2).Round(), Is.EqualTo(3));
        Assert.That(default(Rational).Denominator, Is.EqualTo(1));
    }

    [TestCase(0L, 30000, "00:00:00;00")]
    [TestCase(1799L, 30000, "00:00:59;29")]
    [TestCase(1800L, 30000, "00:01:00;02")] // frames 0 and 1 of minute 1 are dropped
    [TestCase(17982L, 30000, "00:10:00;00")] // every tenth minute keeps them
    [TestCase(107892L, 30000, "01:00:00;00")]
    [TestCase(3600L, 60000, "00:01:00;04")]
    [TestCase(215784L, 60000, "01:00:00;00")]
    public void FromFrameIndex_DropFrame_MatchesSmpte(long frame, int numerator, string expected) =>
        Assert.That(Timecode.FromFrameIndex(frame, new FrameRate(numerator, 1001)).ToString(), Is.EqualTo(expected));

    [Test]
    public void FromFrameIndex_Integer25_CountsPlainly() =>
        Assert.That(Timecode.FromFrameIndex(25 * 3661 + 7, FrameRate.Fps25).ToString(), Is.EqualTo("01:01:01:07"));

    [TestCase("59.94", 60000, 1001)]
    [TestCase("29.97", 30000, 1001)]
    [TestCase("23.976", 24000, 1001)]
    [TestCase("60", 60, 1)]
    [TestCase("60000/1001", 60000, 1001)]
    public void Parse_CommonRates_AreExact(string text, int n, int d) =>
        Assert.That(FrameRate.Parse(text), Is.EqualTo(new FrameRate(n, d)));

    [Test]
    public void Parse_Garbage_NamesTheText() =>
        Assert.That(() => FrameRate.Parse("fast"), Throws.TypeOf<FormatException>().With.Message.Contains("'fast'"));
}
