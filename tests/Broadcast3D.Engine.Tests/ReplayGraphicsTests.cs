using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Media;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// Replay graphics on real GL (llvmpipe without a GPU): the recorded 3D is sampled at each output frame's own time,
/// projected through the recorded lens and drawn by the programme's view and plugin host, so at slow speed the
/// skeleton moves while the picture repeats, and lands where the CPU projection of the interpolated 3D puts it.
/// </summary>
public sealed class ReplayGraphicsTests : GpuTestBase
{
    private const int Width = StampedRecording.Width, Height = StampedRecording.Height;

    [Test]
    public void Draw_QuarterSpeed_JointOnTheCpuProjectionOfTheInterpolated3DAndMovingWhileThePictureRepeats()
    {
        using var temp = new TempFolder();
        MovingJointRecording.Record(temp.Path);
        using RecordingCatalog catalog = RecordingCatalog.Open(temp.Path);
        RecordedRun run = catalog.Run(null);
        Rational markIn = new(20, 25), markOut = new(24, 25);
        Camera lens = catalog.Calibration(run, MovingJointRecording.Camera);
        var skeletons = new RecordedSkeletons(catalog, run, markIn, markOut);
        using PluginCatalog plugins = PluginCatalog.Load(PluginsConfig.Default, Serilog.Core.Logger.None);
        using var graphics = new ReplayGraphics(Device, lens, Width, Height, skeletons, plugins, new OverlaySelection(["skeleton"]),
            StampedRecording.Rate, Serilog.Core.Logger.None);
        using var source = new ReplaySource(catalog, run, MovingJointRecording.Camera, markIn, markOut, "clip cam01", output: FrameOutput.Native);
        var rgba = new byte[Width * Height * 4];
        // Quarter speed: output frames 1/100 s apart on the capture timeline, each recorded picture shown four times.
        Rational step = new(1, 100);
        var centres = new List<(double X, double Y)>();
        var pictures = new List<Rational>();
        Rational? shown = null;
        for (int k = 0; k < 16; k++)
        {
            Rational due = markIn + step.Multiply(k);
            VideoFrame picture = source.PictureAt(due)!;
            graphics.Draw(picture, source.Capture!.Value, source.Capture != shown, due);
            shown = source.Capture;
            pictures.Add(source.Capture!.Value);
            graphics.ReadRgba(rgba);
            (double x, double y, int n) = OrangeCentre(rgba);
            Assert.That(n, Is.GreaterThan(20), $"frame {k}: the joint's ball is drawn");
            (double u, double v) = MovingJointRecording.Lens.Project(MovingJointRecording.JointAt(due.ToDouble()));
            Assert.That(Math.Abs(x - u), Is.LessThan(1), $"frame {k} ({due.ToDouble():0.###} s): drawn x {x:0.00} vs CPU projection {u:0.00}");
            Assert.That(Math.Abs(y - v), Is.LessThan(1), $"frame {k} ({due.ToDouble():0.###} s): drawn y {y:0.00} vs CPU projection {v:0.00}");
            centres.Add((x, y));
        }
        Assert.That(pictures.Take(4).Distinct().Count(), Is.EqualTo(1), "the first four output frames show one recorded picture");
        Assert.That(pictures.Distinct().Count(), Is.EqualTo(4), "16 frames at quarter speed: four pictures");
        for (int k = 1; k < 4; k++)
        {
            Assert.That(centres[k].X - centres[k - 1].X, Is.GreaterThan(2),
                $"frames {k - 1} and {k} repeat one picture, yet the joint moved on (2.5 m/s × 10 ms ≈ 3 px at 5 m)");
        }
    }

    [Test]
    public void Export_Graphics_EveryStampOnceAndTheJointDrawn()
    {
        using var temp = new TempFolder();
        MovingJointRecording.Record(temp.Path);
        string plain = temp.File("plain.mp4"), drawn = temp.File("drawn.mp4");
        using (RecordingCatalog catalog = RecordingCatalog.Open(temp.Path))
        {
            var request = new ReplayExportRequest(MovingJointRecording.Camera, ReplayTime.Parse("0.8s", "--in"), ReplayTime.Parse("1.2s", "--out"), 0.5, plain);
            ReplayExporter.Export(catalog, request);
            ReplayExportResult result = ReplayExporter.Export(catalog, request with { OutFile = drawn, Graphics = true });
            Assert.That((result.FramesOut, result.Pictures), Is.EqualTo((20, 10)));
        }
        List<int?> expected = [.. Enumerable.Range(20, 10).SelectMany(n => Enumerable.Repeat<int?>(n, 2))];
        Assert.That(StampedRecording.Stamps(drawn), Is.EqualTo(expected), "the graphics leave the pictures (and their stamps) as recorded");
        Assert.That(OrangeFrames(drawn), Is.EqualTo(20), "every frame of the graphics export carries the joint");
        Assert.That(OrangeFrames(plain), Is.Zero, "the plain export has no graphics");
    }

    [Test]
    public void Export_GraphicsOfARecordingWithoutCalibration_RefusedNamingTheCamera()
    {
        using var temp = new TempFolder();
        MovingJointRecording.Record(temp.Path, calibrate: false);
        using RecordingCatalog catalog = RecordingCatalog.Open(temp.Path);
        var request = new ReplayExportRequest(MovingJointRecording.Camera, ReplayTime.Parse("0.8s", "--in"), ReplayTime.Parse("1.2s", "--out"), 1,
            temp.File("clip.mp4")) { Graphics = true };
        var error = Assert.Throws<ReplayException>(() => ReplayExporter.Export(catalog, request))!;
        Assert.That(error.Message, Does.Contain("no calibration for camera cam01").And.Contain("without --graphics"));
        Assert.That(File.Exists(request.OutFile), Is.False, "refused before anything is written");
    }

    // The skeleton's orange (1, 0.65, 0), shaded: red well above blue, where the recorded picture is grey (U = V = 128).
    private static (double X, double Y, int N) OrangeCentre(ReadOnlySpan<byte> rgba)
    {
        double sx = 0, sy = 0;
        int n = 0;
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                int i = ((y * Width) + x) * 4;
                if (rgba[i] > rgba[i + 2] + 40)
                {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }
        return (sx / n, sy / n, n);
    }

    private static int OrangeFrames(string file)
    {
        int frames = 0;
        using Decoder decoder = Decoder.Open(file, new DecoderOptions { Output = FrameOutput.Rgba, Hardware = HardwareDecode.Software });
        while (decoder.TryRead(out VideoFrame? frame))
        {
            using (frame)
            {
                int orange = 0;
                for (int y = 0; y < Height; y++)
                {
                    ReadOnlySpan<byte> row = frame.Plane(0).Slice(y * frame.Stride(0), Width * 4);
                    for (int x = 0; x < Width; x++)
                        orange += OverlayPixels.IsOrange(row[x * 4], row[(x * 4) + 1], row[(x * 4) + 2]) ? 1 : 0;
                }
                frames += orange > 10 ? 1 : 0;
            }
        }
        return frames;
    }
}
