using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Tracking.Tests;

public sealed class TrcFileTests
{
    [Test]
    public void Format_ReferenceTrc_ReproducesTheFileTextExactly()
    {
        string path = Directory.GetFiles(Path.Combine(SharedAssets.BalancingTrial, "pose-3d"), "*_0-100.trc")[0];

        TrcData data = TrcFile.Read(path);

        Assert.That(TrcFile.Format(data), Is.EqualTo(File.ReadAllText(path)));
    }

    [Test]
    public void Read_LstmTrc_ReadsAllMarkersAndFrames()
    {
        TrcData data = ReferenceTrials.ReferenceTrc(SharedAssets.BalancingTrial, "_LSTM.trc");

        Assert.Multiple(() =>
        {
            Assert.That(data.MarkerCount, Is.EqualTo(64));
            Assert.That(data.FrameCount, Is.EqualTo(100));
            Assert.That(data.DataRate, Is.EqualTo(60.0));
            Assert.That(data.MarkerNames[0], Is.EqualTo("RHip"));
            Assert.That(data.FrameNumbers[0], Is.EqualTo(1));
            Assert.That(data[0, 0, 0], Is.EqualTo(-0.0649978));
            Assert.That(data.Coordinates, Has.None.NaN);
        });
    }

    [Test]
    public void Write_DataWithMissingValues_ReadsBackIdentically()
    {
        using var folder = new TempFolder();
        double[] world = [1.5, -0.25, 0.125, double.NaN, double.NaN, double.NaN, 1e-7, 123456789.125, -3.0, 0.1, 0.2, 0.3];
        TrcData written = TrcData.FromWorldZUp(["A", "B"], world, frames: 2, rate: 30);
        string path = folder.File("out.trc");

        TrcFile.Write(written, path);
        TrcData read = TrcFile.Read(path);

        Assert.Multiple(() =>
        {
            Assert.That(read.MarkerNames, Is.EqualTo(written.MarkerNames));
            Assert.That(read.FrameNumbers, Is.EqualTo(written.FrameNumbers));
            Assert.That(read.Times, Is.EqualTo(written.Times));
            Assert.That(read.Coordinates, Is.EqualTo(written.Coordinates));
            Assert.That(read.ToWorldZUp(), Is.EqualTo(world));
            Assert.That(read.DataRate, Is.EqualTo(30));
        });
    }

    [Test]
    public void Read_RowWithText_FailsNamingLineAndColumn()
    {
        string[] lines =
        [
            "PathFileType\t4\t(X/Y/Z)\tx.trc",
            "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames",
            "60\t60\t1\t1\tm\t60\t0\t1",
            "Frame#\tTime\tA\t\t\t",
            "\t\tX1\tY1\tZ1",
            "1\t0.016\t0.1\tabc\t0.3",
        ];

        var ex = Assert.Throws<InputFormatException>(() => TrcFile.Parse(lines, "x.trc"));

        Assert.That(ex!.Message, Is.EqualTo("x.trc: line 6: column 4 'abc' is not a number"));
    }
}
