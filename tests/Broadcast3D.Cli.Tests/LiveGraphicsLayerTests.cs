using System.Globalization;
using Broadcast3D.Core.Time;
using Broadcast3D.Media;
using Broadcast3D.Ndi;
using Broadcast3D.TestSupport;
using static Broadcast3D.TestSupport.OverlayPixels;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// Outputs with <c>alpha</c> of a live run (<see cref="LiveRig"/>): the graphics layer with its key, over NDI and as
/// a ProRes 4444 file, beside an ordinary programme file of the same run.
/// </summary>
[NonParallelizable]
[Category("Live")]
public class LiveGraphicsLayerTests
{
    private const int FrameBytes = Width * Height * 4;

    [Test]
    public void Run_AlphaOutputs_CarryOverlaysWithTheirKeyAndNoCameraPicture()
    {
        const int Frames = 600; // 10 s: on 2 cores a few seconds can pass with incomplete frame sets and nobody tracked
        using var tmp = new TempFolder("b3d-alpha");
        using var rig = new LiveRig(tmp);
        string key = tmp.File("graphics.mov"), programme = tmp.File("programme.mp4");
        string name = $"B3D alpha test {Guid.NewGuid():N}"[..24];
        string config = rig.Config(tmp, $$"""
            [{"type": "ndi", "target": "{{name}}", "alpha": true}, {"type": "file", "target": "{{key}}", "alpha": true},
             {"type": "file", "target": "{{programme}}"}]
            """, delayFrames: 2, overlayJson: """{"skeleton": true, "labels": true, "trails": true, "speed": true, "maxSkeletonAgeMs": 3000}""");

        int exitCode;
        using var b3d = new B3dLiveRun(config, Frames);
        // Away from the overlays: rows above the athlete (less the id label and the head marker, which sits up to
        // ~20 px above the reference keypoints) and below the feet (less a joint marker and the trail).
        (double x0, double y0, double x1, double y1) = AthleteBox();
        int awayAbove = (int)y0 - 60, awayBelow = (int)y1 + 30;
        var ndi = new LayerStats("ndi", awayAbove, awayBelow);
        using (NdiReceiver receiver = b3d.ConnectNdi(name))
        {
            byte[] rgba = new byte[FrameBytes];
            while (receiver.TryCaptureVideo(TimeSpan.FromSeconds(5), out NdiReceivedVideoFrame? frame))
            {
                using (frame)
                {
                    Assert.That(frame.Layout.PixelFormat, Is.EqualTo(NdiPixelFormat.Bgra), "the source carries alpha");
                    Assert.That((frame.Layout.Width, frame.Layout.Height, frame.StrideBytes), Is.EqualTo((Width, Height, Width * 4)));
                    SwapRedBlue(frame.Pixels, rgba);
                    ndi.Add(NdiTimecode.ToFrameIndex(frame.Timecode, new FrameRate(60, 1)), rgba);
                }
            }
            exitCode = b3d.WaitForExit();
        }
        string outText = b3d.StdOut, errText = b3d.StdErr;
        TestContext.Out.WriteLine(outText);
        Assert.That(exitCode, Is.Zero, errText);
        Assert.That(outText, Does.Match(@"tracking: [1-9]\d* frame sets tracked"));
        Assert.That(outText, Does.Match(@"latency composite graphics layer \(alpha\): mean"));

        var file = new LayerStats("prores", awayAbove, awayBelow);
        using (Decoder decoder = Decoder.Open(key, new DecoderOptions { Output = FrameOutput.Rgba }))
        {
            Assert.That((decoder.Stream.Codec, decoder.Stream.PixelFormat), Is.EqualTo(("prores", "yuva444p12le")), "ProRes 4444 with alpha");
            ReadFrames(decoder, file.Add);
        }
        TestContext.Out.WriteLine(ndi);
        TestContext.Out.WriteLine(file);
        foreach (LayerStats layer in (LayerStats[])[ndi, file])
        {
            Assert.That(layer.Frames, Is.GreaterThan(Frames / 2), $"{layer.Name}: most programme frames arrive");
            // A camera picture in the key would make it opaque nearly everywhere; the overlays cover a few percent.
            Assert.That(layer.MostDrawnShare, Is.LessThan(0.15), $"{layer.Name}: share of a frame that is not transparent");
            Assert.That(layer.MostDrawnAway, Is.Zero, $"{layer.Name}: pixels not transparent above row {awayAbove} or from row {awayBelow} down");
            Assert.That(layer.BestOrange, Is.GreaterThanOrEqualTo(MinimumSkeletonPixels), $"{layer.Name}: no opaque skeleton in any frame");
            // Where the skeleton is drawn it is opaque: nearly all its orange is (the rest is anti-aliased edge).
            Assert.That(layer.OpaqueShareOfBest, Is.GreaterThan(0.8), $"{layer.Name}: orange pixels that are opaque");
            Assert.That(layer.BestLabel, Is.GreaterThanOrEqualTo(250), $"{layer.Name}: no label above the head");
        }

        // Same run, ordinary output: the camera picture under the same skeleton (sampled once for both passes).
        Assert.That(file.BestCentre.X, Is.InRange(x0, x1), "skeleton over the athlete");
        Assert.That(file.BestCentre.Y, Is.InRange(y0, y1), "skeleton over the athlete");
        byte[]? picture = null;
        using (Decoder decoder = Decoder.Open(programme, new DecoderOptions { Output = FrameOutput.Rgba }))
        {
            ReadFrames(decoder, (index, rgba) =>
            {
                if (index == file.BestIndex)
                    picture = rgba.ToArray();
            });
        }
        Assert.That(picture, Is.Not.Null, $"programme frame {file.BestIndex} missing (dropped by that output?)");
        (double keyInProgramme, double programmeInKey) = Overlap(file.BestFrame, picture);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"skeleton: {keyInProgramme:P0} of the key's opaque orange is orange in the programme, {programmeInKey:P0} of the programme's orange is drawn in the key"));
        // Measured 75–84 % and 98–100 % (H.264's 4:2:0 chroma greys the thin bones); the frame before or after a new
        // tracking result, a different skeleton, scores under 20 % and 55 %.
        Assert.That(keyInProgramme, Is.GreaterThan(0.6), "programme and key draw the same skeleton");
        Assert.That(programmeInKey, Is.GreaterThan(0.9), "programme and key draw the same skeleton");
        // Where the key is transparent the programme shows the camera: a textured picture, not black.
        (double mean, double deviation) = LumaWhereTransparent(picture, file.BestFrame);
        TestContext.Out.WriteLine($"programme where the key is transparent: mean luma {mean:0.0}, deviation {deviation:0.0}");
        Assert.That(mean, Is.GreaterThan(40), "the programme carries the camera plate");
        Assert.That(deviation, Is.GreaterThan(10), "the programme carries the camera plate");
    }

    /// <summary>
    /// Hands each decoded frame to <paramref name="frame"/> as RGBA with its frame index counted from the file's first
    /// frame (the muxer starts a fragmented file's timeline there, and every output's first frame is the first
    /// composed picture: sink queues start empty), so frames of two files of one run line up by index.
    /// </summary>
    private static void ReadFrames(Decoder decoder, Action<long, ReadOnlySpan<byte>> frame)
    {
        byte[] rgba = new byte[FrameBytes];
        while (decoder.TryRead(out VideoFrame? f))
        {
            using (f)
            {
                for (int y = 0; y < Height; y++)
                    f.Plane(0).Slice(y * f.Stride(0), Width * 4).CopyTo(rgba.AsSpan(y * Width * 4));
                long index = (long)Math.Round(f.Time.ToDouble() * 60);
                frame(index, rgba);
            }
        }
    }

    /// <summary>
    /// Share of the key's opaque orange pixels that are orange in the programme picture, and share of the programme's
    /// orange pixels where the key is at least half opaque (both RGBA).
    /// </summary>
    private static (double KeyInProgramme, double ProgrammeInKey) Overlap(byte[] key, byte[] programme)
    {
        static bool Orange(byte[] p, int i) => IsOrange(p[i], p[i + 1], p[i + 2]);
        int keyOrange = 0, bothFromKey = 0, programmeOrange = 0, bothFromProgramme = 0;
        for (int i = 0; i < FrameBytes; i += 4)
        {
            if (Orange(key, i) && key[i + 3] >= 250)
            {
                keyOrange++;
                bothFromKey += Orange(programme, i) ? 1 : 0;
            }
            if (Orange(programme, i))
            {
                programmeOrange++;
                bothFromProgramme += key[i + 3] >= 128 ? 1 : 0;
            }
        }
        return (bothFromKey / (double)keyOrange, bothFromProgramme / (double)Math.Max(1, programmeOrange));
    }

    private static void SwapRedBlue(ReadOnlySpan<byte> bgra, Span<byte> rgba)
    {
        for (int i = 0; i < FrameBytes; i += 4)
        {
            rgba[i] = bgra[i + 2];
            rgba[i + 1] = bgra[i + 1];
            rgba[i + 2] = bgra[i];
            rgba[i + 3] = bgra[i + 3];
        }
    }

    /// <summary>Mean and standard deviation of the luma of <paramref name="rgb"/> where <paramref name="keyRgba"/> has alpha 0.</summary>
    private static (double Mean, double Deviation) LumaWhereTransparent(byte[] rgb, byte[] keyRgba)
    {
        double sum = 0, squares = 0;
        int n = 0;
        for (int i = 0; i < FrameBytes; i += 4)
        {
            if (keyRgba[i + 3] != 0)
                continue;
            double luma = (0.2126 * rgb[i]) + (0.7152 * rgb[i + 1]) + (0.0722 * rgb[i + 2]);
            sum += luma;
            squares += luma * luma;
            n++;
        }
        double mean = sum / n;
        return (mean, Math.Sqrt(Math.Max(0, (squares / n) - (mean * mean))));
    }

    /// <summary>
    /// What one alpha output showed over the run: frames, the most of a frame that was not transparent, the most
    /// non-transparent pixels in the rows above <paramref name="away0"/> and from <paramref name="away1"/> down, and
    /// the frame with the most opaque skeleton orange (kept, with its label pixels).
    /// </summary>
    private sealed class LayerStats(string name, int away0, int away1)
    {
        // NDI's lossy codec leaves a code or two of alpha noise where nothing is drawn.
        private const int TransparentAlpha = 2;

        public string Name => name;
        public int Frames { get; private set; }
        public double MostDrawnShare { get; private set; }
        public int BestOrange { get; private set; }
        public double OpaqueShareOfBest { get; private set; }
        public long BestIndex { get; private set; } = -1;
        public (double X, double Y) BestCentre { get; private set; }
        public byte[] BestFrame { get; } = new byte[FrameBytes];
        public int BestLabel { get; private set; }
        public int MostDrawnAway { get; private set; }

        public void Add(long index, ReadOnlySpan<byte> rgba)
        {
            Frames++;
            int drawn = 0;
            for (int i = 3; i < FrameBytes; i += 4)
                drawn += rgba[i] > TransparentAlpha ? 1 : 0;
            MostDrawnShare = Math.Max(MostDrawnShare, drawn / (double)(Width * Height));
            int away = 0;
            for (int y = 0; y < Height; y++)
            {
                if (y < away0 || y >= away1)
                {
                    for (int x = 0; x < Width; x++)
                        away += rgba[(((y * Width) + x) * 4) + 3] > TransparentAlpha ? 1 : 0;
                }
            }
            MostDrawnAway = Math.Max(MostDrawnAway, away);
            int opaque = CountOrange(rgba, 4, out double cx, out double cy, out int topX, out int topY, minimumAlpha: 250);
            if (opaque >= MinimumSkeletonPixels)
                BestLabel = Math.Max(BestLabel, CountLabel(rgba, topX - 10, topY - 45, topX + 60, topY));
            if (opaque <= BestOrange)
                return;
            BestOrange = opaque;
            OpaqueShareOfBest = opaque / (double)CountOrange(rgba, 4, out _, out _, out _, out _);
            (BestIndex, BestCentre) = (index, (cx, cy));
            rgba.CopyTo(BestFrame);
        }

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{name}: {Frames} frames, at most {MostDrawnShare:P1} not transparent; most opaque orange {BestOrange} " +
                $"(frame {BestIndex}, {OpaqueShareOfBest:P0} of its orange), label pixels above a head at most {BestLabel}, drawn away from the athlete at most {MostDrawnAway}");

        /// <summary>
        /// Pixels of the id label in [x0, x1) × [y0, y1): its dark box (70 % opaque) or its white text, both clearly
        /// keyed (alpha ≥ 150).
        /// </summary>
        private static int CountLabel(ReadOnlySpan<byte> rgba, int x0, int y0, int x1, int y1)
        {
            int n = 0;
            for (int y = Math.Max(0, y0); y < Math.Min(Height, y1); y++)
            {
                for (int x = Math.Max(0, x0); x < Math.Min(Width, x1); x++)
                {
                    int i = ((y * Width) + x) * 4;
                    bool dark = rgba[i] < 60 && rgba[i + 1] < 60 && rgba[i + 2] < 60;
                    bool white = rgba[i] > 200 && rgba[i + 1] > 200 && rgba[i + 2] > 200;
                    n += rgba[i + 3] >= 150 && (dark || white) ? 1 : 0;
                }
            }
            return n;
        }
    }
}
