using Broadcast3D.Core.Time;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Media.Tests;

public class DecoderAllocationTests
{
    [TestCase(FrameOutput.Native)]
    [TestCase(FrameOutput.Rgba)]
    public void TryRead_SteadyState_AllocatesNoManagedMemoryPerFrame(FrameOutput output)
    {
        using var temp = new TempFolder();
        string clip = CliReference.TestClip(temp, "a.mp4", "-c:v libx264 -g 10", size: "320x180", frames: 60);
        using Decoder decoder = Decoder.Open(clip, new DecoderOptions { Output = output, Threads = 1, Hardware = HardwareDecode.Software });
        long sum = 0;
        // Warm-up: pools filled, swscale context and format-name cache created, and every native function bound
        // once (the first call of each P/Invoke runs our library resolver, which allocates).
        ReadFrames(decoder, 5, ref sum);
        decoder.Seek(Rational.Zero);
        ReadFrames(decoder, 20, ref sum);
        long allocated = SteadyAllocation.Smallest(() =>
        {
            decoder.Seek(Rational.Zero);
            ReadFrames(decoder, 30, ref sum);
            decoder.Seek(new Rational(1, 5)); // replay-style seek is allocation-free too
            ReadFrames(decoder, 5, ref sum);
        });
        Assert.That(allocated, Is.Zero, $"bytes allocated over 35 frames and a seek (pts sum {sum})");
    }

    private static void ReadFrames(Decoder decoder, int count, ref long sum)
    {
        for (int i = 0; i < count; i++)
        {
            // No NUnit constraint here: building one allocates, and this loop is what is measured.
            if (!decoder.TryRead(out VideoFrame? frame))
                throw new InvalidOperationException("the clip ended early");
            sum += frame.Pts + frame.Plane(0)[0] + frame.Width;
            frame.Dispose();
        }
    }
}
