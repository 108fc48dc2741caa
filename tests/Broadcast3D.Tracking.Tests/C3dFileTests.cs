using System.Buffers.Binary;
using System.Text;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Tracking.Tests;

public sealed class C3dFileTests
{
    private static readonly C3dProcessor[] Processors = [C3dProcessor.Intel, C3dProcessor.Dec, C3dProcessor.Mips];

    private static IEnumerable<TestCaseData> VariantCases() =>
        from name in C3dVariants.Names from p in Processors select new TestCaseData(name, p).SetName($"WriteRead_{name}{p}_ReadsBackPointsAnalogEventsAndGroups");

    [TestCaseSource(nameof(VariantCases))]
    public void WriteRead_Variant_ReadsBack(string name, C3dProcessor processor)
    {
        (C3dData written, C3dWriteOptions options) = C3dVariants.Build(name, processor);

        byte[] bytes = C3dFile.Encode(written, options);
        C3dData read = C3dFile.Parse(bytes, name + ".c3d");

        float scale = options.PointScale!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(bytes[512 + 3], Is.EqualTo((byte)processor), "processor byte");
            Assert.That(read.Processor, Is.EqualTo(processor));
            Assert.That(read.PointScale, Is.EqualTo(options.IntegerData ? scale : -scale));
            Assert.That(read.PointLabels, Is.EqualTo(written.PointLabels));
            Assert.That(read.PointUnits, Is.EqualTo(written.PointUnits));
            Assert.That(read.PointRate, Is.EqualTo(written.PointRate));
            Assert.That(read.FrameCount, Is.EqualTo(written.FrameCount));
            Assert.That(read.HeaderEvents, Is.EqualTo(written.HeaderEvents.Select(e => e with { TimeSeconds = (float)e.TimeSeconds })));
            foreach (C3dGroup group in written.Parameters.Groups)
            {
                foreach (C3dParameter p in group.Parameters)
                {
                    C3dParameter? back = read.Parameters.Find(group.Name, p.Name);
                    Assert.That(back, Is.Not.Null, $"{group.Name}:{p.Name}");
                    Assert.That(back!.Data.ToArray(), Is.EqualTo(p.Data.ToArray()), $"{group.Name}:{p.Name}");
                    Assert.That(back.Dimensions, Is.EqualTo(p.Dimensions), $"{group.Name}:{p.Name}");
                }
            }
        });
        for (int i = 0; i < written.Points.Length; i++)
        {
            float expected = written.Points[i];
            if (float.IsNaN(expected))
            {
                Assert.That(read.Points[i], Is.NaN, $"value {i}");
            }
            else if (options.IntegerData)
            {
                Assert.That(read.Points[i], Is.EqualTo(expected).Within((scale / 2) + (Math.Abs(expected) * 1e-6)), $"value {i}");
            }
            else
            {
                Assert.That(read.Points[i], Is.EqualTo(expected), $"value {i} (float data is exact)");
            }
        }

        for (int i = 0; i < written.Residuals.Length; i++)
        {
            float expected = written.Residuals[i] < 0 ? -1f : MathF.Round(written.Residuals[i] / scale) * scale;
            Assert.That(read.Residuals[i], Is.EqualTo(expected).Within(1e-5), $"residual {i}");
            Assert.That(read.CameraMasks[i], Is.EqualTo(written.CameraMasks[i]), $"camera mask {i}");
        }

        if (written.Analog is null)
        {
            Assert.That(read.Analog, Is.Null);
        }
        else
        {
            Assert.That(read.Analog, Is.Not.Null);
            Assert.That(read.Analog!.Labels, Is.EqualTo(written.Analog.Labels));
            Assert.That(read.Analog.SamplesPerFrame, Is.EqualTo(written.Analog.SamplesPerFrame));
            Assert.That(read.Analog.Units, Is.EqualTo(written.Analog.Units));
            Assert.That(read.Analog.Values, Is.EqualTo(written.Analog.Values).Within(1e-4));
        }
    }

    [Test]
    public void Read_ViconEventGroup_GivesContextsAndTimesInSeconds()
    {
        (C3dData written, C3dWriteOptions options) = C3dVariants.Build("Vicon", C3dProcessor.Intel);

        C3dData read = C3dFile.Parse(C3dFile.Encode(written, options), "vicon.c3d");

        Assert.That(read.Events, Is.EqualTo(new[]
        {
            new C3dEvent("Foot Strike", 0.12f, true, "Left"),
            new C3dEvent("Foot Off", 0.35f, true, "Right"),
            new C3dEvent("Event", 60 + 2.5, true, "General"),
        }));
    }

    [Test]
    public void Encode_OptotrakWith300Points_SplitsLabelsInto255AndLabels2()
    {
        (C3dData written, C3dWriteOptions options) = C3dVariants.Build("Optotrak", C3dProcessor.Intel);

        C3dData read = C3dFile.Parse(C3dFile.Encode(written, options), "optotrak.c3d");

        Assert.Multiple(() =>
        {
            Assert.That(read.Parameters.Find("POINT", "LABELS")!.Dimensions[1], Is.EqualTo(255));
            Assert.That(read.Parameters.Find("POINT", "LABELS2")!.Dimensions[1], Is.EqualTo(45));
            Assert.That(read.PointLabels[299], Is.EqualTo("Marker300"));
        });
    }

    [Test]
    public void Encode_OneInDecAndMips_UsesVaxAndBigEndianBytes()
    {
        // Spec facts independent of our code: 1.0 is 0x3F800000 in IEEE; in VAX F_floating (words swapped, ×4) its
        // first word is 0x4080, stored little-endian as 80 40 00 00.
        var data = new C3dData(["A"], 1.0, 1, [1f, 1f, 1f]);

        byte[] dec = C3dFile.Encode(data, new C3dWriteOptions { Processor = C3dProcessor.Dec, PointScale = 1f });
        byte[] mips = C3dFile.Encode(data, new C3dWriteOptions { Processor = C3dProcessor.Mips, PointScale = 1f });

        Assert.Multiple(() =>
        {
            Assert.That(dec[20..24], Is.EqualTo(new byte[] { 0x80, 0x40, 0, 0 }), "DEC header rate 1.0");
            Assert.That(mips[20..24], Is.EqualTo(new byte[] { 0x3F, 0x80, 0, 0 }), "MIPS header rate 1.0");
            Assert.That(mips[2..4], Is.EqualTo(new byte[] { 0, 1 }), "MIPS header point count, big-endian");
            Assert.That(dec[2..4], Is.EqualTo(new byte[] { 1, 0 }), "DEC header point count, little-endian");
        });
    }

    [Test]
    public void Parse_HandBuiltIntegerFile_ReadsPointsResidualsAndMasks()
    {
        // A file assembled byte by byte from the specification, without our writer: Intel, 1 point, 2 frames,
        // integer data with scale 0.5, POINT group with USED, SCALE, RATE, DATA_START, LABELS, UNITS.
        var file = new byte[3 * 512];
        file[0] = 2;
        file[1] = 0x50;
        W16(file, 2, 1);
        W16(file, 6, 1);
        W16(file, 8, 2);
        BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(12), 0.5f);
        W16(file, 16, 3);
        BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(20), 50f);
        int p = 512;
        file[p] = 1;
        file[p + 1] = 0x50;
        file[p + 2] = 1;
        file[p + 3] = 84;
        p += 4;
        p = Record(file, p, "POINT", -1, [0]);
        p = Record(file, p, "USED", 1, [2, 0, 1, 0, 0]);
        p = Record(file, p, "SCALE", 1, [4, 0, .. BitConverter.GetBytes(0.5f), 0]);
        p = Record(file, p, "RATE", 1, [4, 0, .. BitConverter.GetBytes(50f), 0]);
        p = Record(file, p, "DATA_START", 1, [2, 0, 3, 0, 0]);
        p = Record(file, p, "LABELS", 1, [0xFF, 2, 4, 1, .. Encoding.ASCII.GetBytes("HEEL"), 0]);
        Record(file, p, "UNITS", 1, [0xFF, 1, 2, .. Encoding.ASCII.GetBytes("mm"), 0], last: true);
        int d = 1024;
        short[] words = [10, -20, 30, (3 << 8) | 4, 0, 0, 0, -1];
        foreach (short w in words)
        {
            W16(file, d, w);
            d += 2;
        }

        C3dData read = C3dFile.Parse(file, "hand.c3d");

        Assert.Multiple(() =>
        {
            Assert.That(read.PointLabels, Is.EqualTo(new[] { "HEEL" }));
            Assert.That(read.PointRate, Is.EqualTo(50));
            Assert.That(read.FrameCount, Is.EqualTo(2));
            Assert.That(read.Points[..3], Is.EqualTo(new[] { 5f, -10f, 15f }));
            Assert.That(read.Residuals[0], Is.EqualTo(2f), "4 counts × 0.5");
            Assert.That(read.CameraMasks[0], Is.EqualTo(3), "cameras 1 and 2");
            Assert.That(read.Points[3..6], Has.All.NaN, "residual word −1 = invalid");
        });
    }

    [Test]
    public void Parse_NotC3d_FailsNamingTheKey()
    {
        var ex = Assert.Throws<InputFormatException>(() => C3dFile.Parse(new byte[600], "x.c3d"));

        Assert.That(ex!.Message, Is.EqualTo("x.c3d: header byte 2: 0x00 is not the C3D key 0x50 (not a C3D file)"));
    }

    [Test]
    public void Parse_TruncatedData_FailsNamingTheDataSection()
    {
        (C3dData written, C3dWriteOptions options) = C3dVariants.Build("Vicon", C3dProcessor.Intel);
        byte[] bytes = C3dFile.Encode(written, options);

        var ex = Assert.Throws<InputFormatException>(() => C3dFile.Parse(bytes[..(bytes.Length - 1024)], "cut.c3d"));

        Assert.That(ex!.Message, Does.StartWith("cut.c3d: data section:").And.Contain("POINT:DATA_START"));
    }

    [Test]
    public void Parse_BadProcessorByte_FailsNamingIt()
    {
        byte[] bytes = C3dFile.Encode(new C3dData(["A"], 60, 1, [1f, 2f, 3f]));
        bytes[512 + 3] = 99;

        var ex = Assert.Throws<InputFormatException>(() => C3dFile.Parse(bytes, "p.c3d"));

        Assert.That(ex!.Message, Does.Contain("processor type 99"));
    }

    [Test]
    public void Parse_ParameterRunningPastTheFile_FailsNamingTheRecord()
    {
        byte[] bytes = C3dFile.Encode(new C3dData(["A"], 60, 1, [1f, 2f, 3f]));

        var ex = Assert.Throws<InputFormatException>(() => C3dFile.Parse(bytes[..530], "short.c3d"));

        Assert.That(ex!.Message, Does.StartWith("short.c3d: parameter section byte"));
    }

    [Test]
    public void TrcRoundTrip_ReferenceTrc_C3dBytesIdenticalAndTrcWithinOneFloatUlp()
    {
        TrcData trc = ReferenceTrials.ReferenceTrc(SharedAssets.BalancingTrial, "_0-100.trc");

        byte[] c3d = C3dFile.Encode(C3dTrc.FromTrc(trc, "ref.trc"));
        C3dData read = C3dFile.Parse(c3d, "ref.c3d");
        TrcData back = C3dTrc.ToTrc(read);
        byte[] again = C3dFile.Encode(C3dTrc.FromTrc(TrcFile.Parse(TrcFile.Format(back).Split('\n'), "back.trc"), "back.trc"));

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(c3d), "C3D → TRC text → C3D is exact");
            Assert.That(back.MarkerNames, Is.EqualTo(trc.MarkerNames));
            Assert.That(back.FrameNumbers, Is.EqualTo(trc.FrameNumbers));
            Assert.That(back.Times, Is.EqualTo(trc.Times));
            Assert.That(back.Units, Is.EqualTo("m"));
        });
        for (int i = 0; i < trc.Coordinates.Length; i++)
        {
            Assert.That(back.Coordinates[i], Is.EqualTo(trc.Coordinates[i]).Within(Math.Abs(trc.Coordinates[i]) * 1.2e-7), $"value {i}");
        }
    }

    private static void W16(byte[] b, int at, int value) => BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(at), (short)value);

    private static int Record(byte[] file, int at, string name, int id, byte[] body, bool last = false)
    {
        file[at] = (byte)name.Length;
        file[at + 1] = unchecked((byte)(sbyte)id);
        Encoding.ASCII.GetBytes(name, file.AsSpan(at + 2));
        int offsetAt = at + 2 + name.Length;
        W16(file, offsetAt, last ? 0 : body.Length + 2);
        body.CopyTo(file, offsetAt + 2);
        return offsetAt + 2 + body.Length;
    }
}
