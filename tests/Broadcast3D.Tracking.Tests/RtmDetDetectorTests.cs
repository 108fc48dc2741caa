using Broadcast3D.Core.Frames;
using Broadcast3D.Tracking.Pose2D;
using Microsoft.ML.OnnxRuntime;

namespace Broadcast3D.Tracking.Tests;

public class RtmDetDetectorTests
{
    [Test]
    public void Detect_FixedFrame_MatchesBareSessionOnIndependentlyBuiltTensor()
    {
        // RGBA: the expected tensor is sampled here from the same pixels.
        ImagePlanes f = TestFrames.Cam3Rgba;
        using var detector = new RtmDetDetector(TestFrames.RtmDet, TestFrames.Cpu);
        var boxes = new List<PersonBox>();
        detector.Detect([f], [boxes]);

        // MODELS.md by hand: keep-ratio resize (mmcv rounds the new size), bilinear at pixel centres, pad 114,
        // BGR (v − mean) / std, NCHW.
        const int S = RtmDetDetector.InputSize;
        double r = Math.Min((double)S / f.Width, (double)S / f.Height);
        int nw = (int)Math.Floor(f.Width * r + 0.5), nh = (int)Math.Floor(f.Height * r + 0.5);
        double sx = (double)nw / f.Width, sy = (double)nh / f.Height;
        double[] mean = [103.53, 116.28, 123.675], std = [57.375, 57.12, 58.395];
        var tensor = new float[3 * S * S];
        for (int v = 0; v < S; v++)
        {
            for (int u = 0; u < S; u++)
            {
                for (int c = 0; c < 3; c++)
                {
                    double value = u < nw && v < nh ? TestFrames.Sample(f, (u + 0.5) / sx - 0.5, (v + 0.5) / sy - 0.5, 2 - c, 114) : 114;
                    tensor[(c * S + v) * S + u] = (float)((value - mean[c]) / std[c]);
                }
            }
        }
        using var session = new InferenceSession(TestFrames.RtmDet, new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR });
        using var runOptions = new RunOptions();
        using var input = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, S, S]);
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, ["input"], [input], ["dets", "labels"]);
        ReadOnlySpan<float> dets = outputs[0].GetTensorDataAsSpan<float>();
        ReadOnlySpan<long> labels = outputs[1].GetTensorDataAsSpan<long>();
        var expected = new List<PersonBox>();
        for (int k = 0; k < labels.Length; k++)
        {
            if (labels[k] == 0 && dets[k * 5 + 4] > detector.ScoreThreshold)
                expected.Add(new PersonBox((float)(dets[k * 5] / sx), (float)(dets[k * 5 + 1] / sy), (float)(dets[k * 5 + 2] / sx), (float)(dets[k * 5 + 3] / sy), dets[k * 5 + 4]));
        }

        Assert.That(expected, Is.Not.Empty, "the athlete must be detected for this comparison to mean anything");
        Assert.That(boxes, Has.Count.EqualTo(expected.Count));
        for (int i = 0; i < boxes.Count; i++)
        {
            Assert.That(boxes[i].X1, Is.EqualTo(Math.Max(expected[i].X1, 0)).Within(0.05));
            Assert.That(boxes[i].Y1, Is.EqualTo(Math.Max(expected[i].Y1, 0)).Within(0.05));
            Assert.That(boxes[i].X2, Is.EqualTo(Math.Min(expected[i].X2, f.Width)).Within(0.05));
            Assert.That(boxes[i].Y2, Is.EqualTo(Math.Min(expected[i].Y2, f.Height)).Within(0.05));
            Assert.That(boxes[i].Score, Is.EqualTo(expected[i].Score).Within(1e-4));
        }
    }

    [Test]
    public void Detect_AthleteFrame_FindsTallPersonBox()
    {
        using var detector = new RtmDetDetector(TestFrames.RtmDet, TestFrames.Cpu);
        var boxes = new List<PersonBox>();
        detector.Detect([TestFrames.Cam3], [boxes]);
        float[] reference = OpenPoseReference.Athlete(3, 10)!;
        Assert.That(boxes, Is.Not.Empty);
        // The reference's left ankle (id 15) and nose (id 0) lie inside the best box.
        PersonBox b = boxes[0];
        Assert.That(reference[15 * 3], Is.InRange(b.X1, b.X2));
        Assert.That(reference[15 * 3 + 1], Is.InRange(b.Y1, b.Y2));
        Assert.That(reference[1], Is.InRange(b.Y1, b.Y2));
        Assert.That(b.Height, Is.InRange(700, 1100));
    }

    [Test]
    public void Detect_BlackFrame_ReturnsNoBoxes()
    {
        ImagePlanes black = TestFrames.Black(640, 480);
        using var detector = new RtmDetDetector(TestFrames.RtmDet, TestFrames.Cpu);
        var boxes = new List<PersonBox> { new(1, 1, 5, 5, 1) };
        detector.Detect([black], [boxes]);
        Assert.That(boxes, Is.Empty);
    }
}
