using Broadcast3D.Core.Time;

namespace Broadcast3D.Ndi.Tests;

/// <summary>
/// What colour goes on the wire when we send BGRA: the runtime converts to 4:2:2 Y′CbCr, and every NDI receiver
/// (vision mixers, monitors) decodes that. We receive it undecoded (<see cref="NdiReceiveColorFormat.Fastest"/>)
/// and compare with BT.709 studio range computed here.
/// </summary>
[NonParallelizable]
public sealed class NdiColourTests
{
    private const int Width = 320;
    private const int Height = 180;
    private const int Blocks = 4;

    // Averages over a block's interior; SpeedHQ rounding and the runtime's integer conversion stay within 1 code
    // (measured: within 1.0). A BT.601 matrix would be off by 15–30 codes in Y on these colours.
    private const double Tolerance = 1.0;

    private static readonly (byte R, byte G, byte B)[] Colours = [(200, 30, 30), (30, 200, 30), (30, 30, 200), (128, 128, 128)];

    [Test]
    public void Send_BgrxColourBlocks_WireCarriesBt709StudioRange()
    {
        NdiRuntime runtime = NdiTestRuntime.Load();
        var rate = FrameRate.Fps25;
        using var sender = new NdiSender(runtime, new NdiSenderOptions(NdiTestRuntime.UniqueSourceName("colour"), rate));
        using var finder = new NdiFinder(runtime, new NdiFinderOptions { ExtraIps = "127.0.0.1" });
        NdiSource? source = finder.WaitForSource(sender.Options.Name, TimeSpan.FromSeconds(15));
        Assert.That(source, Is.Not.Null, $"{sender.SourceName} not found");
        using var receiver = new NdiReceiver(runtime, source!, new NdiReceiverOptions { ColorFormat = NdiReceiveColorFormat.Fastest });
        Assert.That(sender.GetConnectionCount(TimeSpan.FromSeconds(15)), Is.GreaterThanOrEqualTo(1));

        var layout = new NdiVideoLayout(Width, Height, NdiPixelFormat.Bgrx);
        byte[] frame = new byte[layout.SizeBytes];
        FillBlocks(frame);
        sender.Send(frame, layout, 0);

        Assert.That(receiver.TryCaptureVideo(TimeSpan.FromSeconds(5), out NdiReceivedVideoFrame? received), Is.True, "no frame within 5 s");
        using (received)
        {
            Assert.That(received!.Layout.PixelFormat, Is.EqualTo(NdiPixelFormat.Uyvy));
            ReadOnlySpan<byte> uyvy = received.Pixels;
            for (int b = 0; b < Blocks; b++)
            {
                (double y, double cb, double cr) = MeanOfBlockInterior(uyvy, received.StrideBytes, b);
                (double ey, double ecb, double ecr) = Bt709StudioRange(Colours[b]);
                TestContext.Out.WriteLine($"block {b} {Colours[b]}: Y {y:F1}/{ey:F1} Cb {cb:F1}/{ecb:F1} Cr {cr:F1}/{ecr:F1}");
                Assert.That(y, Is.EqualTo(ey).Within(Tolerance), $"block {b} Y");
                Assert.That(cb, Is.EqualTo(ecb).Within(Tolerance), $"block {b} Cb");
                Assert.That(cr, Is.EqualTo(ecr).Within(Tolerance), $"block {b} Cr");
            }
        }
    }

    private static void FillBlocks(Span<byte> bgrx)
    {
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                (byte r, byte g, byte b) = Colours[x * Blocks / Width];
                int o = (y * Width + x) * 4;
                bgrx[o] = b;
                bgrx[o + 1] = g;
                bgrx[o + 2] = r;
                bgrx[o + 3] = 255;
            }
        }
    }

    // Blocks are 80 px wide; 16 px margins keep chroma filtering and codec blocks at the edges out of the mean.
    private static (double Y, double Cb, double Cr) MeanOfBlockInterior(ReadOnlySpan<byte> uyvy, int stride, int block)
    {
        const int Margin = 16;
        int x0 = block * Width / Blocks + Margin, x1 = (block + 1) * Width / Blocks - Margin;
        double y = 0, cb = 0, cr = 0;
        int pairs = 0;
        for (int row = Margin; row < Height - Margin; row++)
        {
            for (int x = x0; x < x1; x += 2, pairs++)
            {
                int o = row * stride + x * 2;
                cb += uyvy[o];
                y += uyvy[o + 1] + uyvy[o + 3];
                cr += uyvy[o + 2];
            }
        }
        return (y / (2 * pairs), cb / pairs, cr / pairs);
    }

    private static (double Y, double Cb, double Cr) Bt709StudioRange((byte R, byte G, byte B) c)
    {
        double r = c.R / 255.0, g = c.G / 255.0, b = c.B / 255.0;
        double luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        return (16 + 219 * luma, 128 + 224 * (b - luma) / 1.8556, 128 + 224 * (r - luma) / 1.5748);
    }
}
