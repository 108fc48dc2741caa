using System.Text;

namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// C3D encoding (layout in <see cref="C3dFileReader"/>): header in block 1, parameters from block 2, data after them.
/// POINT (USED, SCALE, RATE, DATA_START, FRAMES, LABELS/LABELS2…, DESCRIPTIONS, UNITS), ANALOG (when present) and
/// TRIAL:ACTUAL_START/END_FIELD are regenerated from the data; every other group of <see cref="C3dData.Parameters"/>
/// is written as it is. Invalid points are written as zeros with residual word −1. Stateless.
/// </summary>
internal static class C3dFileWriter
{
    private const int Block = 512;
    private const int MaxArray = 255; // a dimension is one byte: longer lists continue in LABELS2, LABELS3…

    public static byte[] Encode(C3dData data, C3dWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        var e = new C3dEndian(options.Processor);
        float scale = options.PointScale ?? DefaultScale(data.Points);
        if (!(scale > 0) || !float.IsFinite(scale))
        {
            throw new ArgumentException($"C3D point scale must be positive and finite (got {scale}).", nameof(options));
        }

        float storedScale = options.IntegerData ? scale : -scale;
        C3dParameterSection section = Parameters(data, storedScale);
        byte[] parameterBytes = SerializeParameters(section, e);
        int parameterBlocks = (parameterBytes.Length + Block - 1) / Block;
        int dataStart = 2 + parameterBlocks;
        section.Set("POINT", C3dParameter.Int16("DATA_START", [(short)dataStart], "block where the 3D data starts", scalar: true));
        parameterBytes = SerializeParameters(section, e);

        int channels = data.Analog?.ChannelCount ?? 0;
        int samples = data.Analog?.SamplesPerFrame ?? 0;
        int word = options.IntegerData ? 2 : 4;
        long frameBytes = ((long)data.PointCount * 4 * word) + ((long)channels * samples * word);
        long total = ((long)(dataStart - 1) * Block) + (frameBytes * data.FrameCount);
        var bytes = new byte[(total + Block - 1) / Block * Block];
        WriteHeader(bytes, data, e, storedScale, dataStart, channels * samples, samples);
        parameterBytes.CopyTo(bytes, Block);
        bytes[Block + 2] = (byte)parameterBlocks;
        bytes[Block + 3] = (byte)options.Processor;
        WriteData(bytes.AsSpan((dataStart - 1) * Block), data, e, options.IntegerData, scale);
        return bytes;
    }

    private static float DefaultScale(float[] points)
    {
        float max = 0;
        foreach (float v in points)
        {
            if (float.IsFinite(v))
            {
                max = Math.Max(max, Math.Abs(v));
            }
        }

        return max > 0 ? max / 32000f : 1f;
    }

    private static C3dParameterSection Parameters(C3dData data, float storedScale)
    {
        C3dParameterSection section = data.Parameters.Clone();
        C3dGroup point = section.GetOrAdd("POINT", "3-D point parameters");
        point.RemoveAll(n => n.StartsWith("LABELS", StringComparison.OrdinalIgnoreCase) || n.StartsWith("DESCRIPTIONS", StringComparison.OrdinalIgnoreCase));
        point.Set(C3dParameter.Int16("USED", [(short)data.PointCount], "number of 3-D points", scalar: true));
        point.Set(C3dParameter.Float("SCALE", [storedScale], "negative: float data; positive: integer data × scale", scalar: true));
        point.Set(C3dParameter.Float("RATE", [(float)data.PointRate], "frames per second", scalar: true));
        point.Set(C3dParameter.Int16("DATA_START", [0], "block where the 3D data starts", scalar: true));
        point.Set(C3dParameter.Int16("FRAMES", [unchecked((short)(ushort)Math.Min(data.FrameCount, ushort.MaxValue))], "number of frames (unsigned)", scalar: true));
        point.Set(C3dParameter.String("UNITS", data.PointUnits, "units of the coordinates"));
        AddChunked(point, "LABELS", data.PointLabels, "point labels");
        IReadOnlyList<string> descriptions = data.PointDescriptions.Count == data.PointCount ? data.PointDescriptions : [.. Enumerable.Repeat(string.Empty, data.PointCount)];
        AddChunked(point, "DESCRIPTIONS", descriptions, "point descriptions");

        if (data.Analog is C3dAnalog a)
        {
            C3dGroup analog = section.GetOrAdd("ANALOG", "analog data parameters");
            analog.Set(C3dParameter.Int16("USED", [(short)a.ChannelCount], "number of analog channels", scalar: true));
            analog.Set(C3dParameter.Strings("LABELS", a.Labels, "channel labels"));
            analog.Set(C3dParameter.Float("SCALE", a.Scales, "units per count"));
            analog.Set(C3dParameter.Int16("OFFSET", a.Offsets, "zero offset (counts)"));
            analog.Set(C3dParameter.Float("GEN_SCALE", [a.GeneralScale], "general scale", scalar: true));
            analog.Set(C3dParameter.Float("RATE", [(float)(data.PointRate * a.SamplesPerFrame)], "samples per second", scalar: true));
            analog.Set(C3dParameter.Strings("UNITS", a.Units.Count == a.ChannelCount ? a.Units : [.. Enumerable.Repeat("V", a.ChannelCount)], "channel units"));
            analog.Set(C3dParameter.String("FORMAT", a.Unsigned ? "UNSIGNED" : "SIGNED", "integer sample format"));
            analog.Set(C3dParameter.Int16("BITS", [16], "converter resolution", scalar: true));
        }
        else if (section.Group("ANALOG") is C3dGroup analog)
        {
            analog.Set(C3dParameter.Int16("USED", [0], "number of analog channels", scalar: true));
        }

        C3dGroup trial = section.GetOrAdd("TRIAL", "trial parameters");
        int last = data.FirstFrame + data.FrameCount - 1;
        trial.Set(C3dParameter.Int16("ACTUAL_START_FIELD", [unchecked((short)(data.FirstFrame & 0xFFFF)), unchecked((short)(data.FirstFrame >> 16))], "first frame (low, high word)"));
        trial.Set(C3dParameter.Int16("ACTUAL_END_FIELD", [unchecked((short)(last & 0xFFFF)), unchecked((short)(last >> 16))], "last frame (low, high word)"));
        return section;
    }

    private static void AddChunked(C3dGroup group, string name, IReadOnlyList<string> values, string description)
    {
        for (int chunk = 0; chunk == 0 || chunk * MaxArray < values.Count; chunk++)
        {
            string[] part = [.. values.Skip(chunk * MaxArray).Take(MaxArray)];
            group.Set(C3dParameter.Strings(chunk == 0 ? name : name + (chunk + 1), part, description));
        }
    }

    private static byte[] SerializeParameters(C3dParameterSection section, C3dEndian e)
    {
        using var s = new MemoryStream();
        s.Write([1, 0x50, 0, 0]); // reserved, key, block count and processor filled by the caller
        var records = new List<(int Id, string Name, bool Locked, byte[] Body)>();
        for (int g = 0; g < section.Groups.Count; g++)
        {
            C3dGroup group = section.Groups[g];
            records.Add((-(g + 1), group.Name, group.Locked, Description(group.Description)));
            foreach (C3dParameter p in group.Parameters)
            {
                using var body = new MemoryStream();
                body.WriteByte(unchecked((byte)(sbyte)p.Type));
                body.WriteByte((byte)p.Dimensions.Count);
                foreach (int d in p.Dimensions)
                {
                    body.WriteByte((byte)d);
                }

                body.Write(FromIntel(p, e));
                body.Write(Description(p.Description));
                records.Add((g + 1, p.Name, p.Locked, body.ToArray()));
            }
        }

        Span<byte> word = stackalloc byte[2];
        for (int r = 0; r < records.Count; r++)
        {
            (int id, string name, bool locked, byte[] body) = records[r];
            byte[] nameBytes = Encoding.ASCII.GetBytes(name.ToUpperInvariant());
            s.WriteByte(unchecked((byte)(sbyte)(locked ? -nameBytes.Length : nameBytes.Length)));
            s.WriteByte(unchecked((byte)(sbyte)id));
            s.Write(nameBytes);
            e.WriteInt16(word, (short)(r == records.Count - 1 ? 0 : body.Length + 2));
            s.Write(word);
            s.Write(body);
        }

        s.WriteByte(0); // a zero name length ends the section for readers that ignore the last offset
        return s.ToArray();
    }

    private static byte[] Description(string text)
    {
        byte[] d = Encoding.ASCII.GetBytes(text.Length > 255 ? text[..255] : text);
        return [(byte)d.Length, .. d];
    }

    private static byte[] FromIntel(C3dParameter p, C3dEndian e)
    {
        byte[] data = p.Data.ToArray();
        if (p.Type == C3dDataType.Int16)
        {
            int[] values = p.GetIntegers();
            for (int i = 0; i < values.Length; i++)
            {
                e.WriteInt16(data.AsSpan(i * 2), (short)values[i]);
            }
        }
        else if (p.Type == C3dDataType.Float)
        {
            float[] values = p.GetFloats();
            for (int i = 0; i < values.Length; i++)
            {
                e.WriteSingle(data.AsSpan(i * 4), values[i]);
            }
        }

        return data;
    }

    private static void WriteHeader(byte[] bytes, C3dData data, C3dEndian e, float storedScale, int dataStart, int analogPerFrame, int samples)
    {
        bytes[0] = 2;
        bytes[1] = 0x50;
        e.WriteInt16(bytes.AsSpan(2), (short)data.PointCount);
        e.WriteInt16(bytes.AsSpan(4), unchecked((short)analogPerFrame));
        e.WriteInt16(bytes.AsSpan(6), unchecked((short)(ushort)Math.Clamp(data.FirstFrame, 0, ushort.MaxValue)));
        e.WriteInt16(bytes.AsSpan(8), unchecked((short)(ushort)Math.Clamp(data.FirstFrame + data.FrameCount - 1, 0, ushort.MaxValue)));
        e.WriteInt16(bytes.AsSpan(10), 10); // maximum interpolation gap: the common default
        e.WriteSingle(bytes.AsSpan(12), storedScale);
        e.WriteInt16(bytes.AsSpan(16), (short)dataStart);
        e.WriteInt16(bytes.AsSpan(18), (short)samples);
        e.WriteSingle(bytes.AsSpan(20), (float)data.PointRate);
        e.WriteInt16(bytes.AsSpan(298), 12345); // this file supports 4-character event labels
        if (data.HeaderEvents.Count > 18 || data.HeaderEvents.Any(ev => ev.Label.Length > 4))
        {
            throw new ArgumentException("The C3D header holds at most 18 events with labels of at most 4 characters.", nameof(data));
        }

        e.WriteInt16(bytes.AsSpan(300), (short)data.HeaderEvents.Count);
        for (int i = 0; i < data.HeaderEvents.Count; i++)
        {
            C3dEvent ev = data.HeaderEvents[i];
            e.WriteSingle(bytes.AsSpan(304 + (i * 4)), (float)ev.TimeSeconds);
            bytes[376 + i] = ev.Displayed ? (byte)1 : (byte)0;
            Encoding.ASCII.GetBytes(ev.Label.PadRight(4), bytes.AsSpan(396 + (i * 4), 4));
        }
    }

    private static void WriteData(Span<byte> span, C3dData data, C3dEndian e, bool integer, float scale)
    {
        int pos = 0;
        int channels = data.Analog?.ChannelCount ?? 0;
        int samples = data.Analog?.SamplesPerFrame ?? 0;
        for (int f = 0; f < data.FrameCount; f++)
        {
            for (int p = 0; p < data.PointCount; p++)
            {
                int cell = (f * data.PointCount) + p;
                float x = data.Points[cell * 3], y = data.Points[(cell * 3) + 1], z = data.Points[(cell * 3) + 2];
                bool valid = data.Residuals[cell] >= 0 && float.IsFinite(x) && float.IsFinite(y) && float.IsFinite(z);
                short residualWord = valid
                    ? (short)(((data.CameraMasks[cell] & 0x7F) << 8) | (int)Math.Clamp(MathF.Round(data.Residuals[cell] / scale), 0, 255))
                    : (short)-1;
                if (!valid)
                {
                    x = y = z = 0;
                }

                if (integer)
                {
                    e.WriteInt16(span[pos..], Counts(x, scale, data.PointLabels[p], f));
                    e.WriteInt16(span[(pos + 2)..], Counts(y, scale, data.PointLabels[p], f));
                    e.WriteInt16(span[(pos + 4)..], Counts(z, scale, data.PointLabels[p], f));
                    e.WriteInt16(span[(pos + 6)..], residualWord);
                    pos += 8;
                }
                else
                {
                    e.WriteSingle(span[pos..], x);
                    e.WriteSingle(span[(pos + 4)..], y);
                    e.WriteSingle(span[(pos + 8)..], z);
                    e.WriteSingle(span[(pos + 12)..], residualWord);
                    pos += 16;
                }
            }

            for (int s = 0; s < samples * channels; s++)
            {
                C3dAnalog a = data.Analog!;
                int c = s % channels;
                float raw = (a.Values[(f * samples * channels) + s] / (a.Scales[c] * a.GeneralScale)) + a.Offsets[c];
                if (integer)
                {
                    float rounded = MathF.Round(raw);
                    e.WriteInt16(span[pos..], a.Unsigned ? unchecked((short)(ushort)Math.Clamp(rounded, 0, ushort.MaxValue))
                        : (short)Math.Clamp(rounded, short.MinValue, short.MaxValue));
                    pos += 2;
                }
                else
                {
                    e.WriteSingle(span[pos..], raw);
                    pos += 4;
                }
            }
        }
    }

    private static short Counts(float value, float scale, string label, int frame)
    {
        float counts = MathF.Round(value / scale);
        return counts is >= short.MinValue and <= short.MaxValue
            ? (short)counts
            : throw new ArgumentException($"C3D point {label} at frame {frame}: {value} / scale {scale} does not fit a 16-bit integer; use a larger scale or float data.", nameof(value));
    }
}
