using System.Buffers.Binary;

namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// C3D parsing. Header (512 bytes, 16-bit words numbered from 1): byte 1 the parameter block, byte 2 the key 0x50;
/// word 2 points, word 3 analog values per frame, words 4–5 first/last frame (unsigned), words 7–8 POINT:SCALE,
/// word 9 the data block, word 10 analog samples per frame, words 11–12 the frame rate, word 150 the event key 12345,
/// word 151 the event count, words 153–188 event times, 189–197 display flags (1 = on), 199–234 4-character labels.
/// Parameter section: 4 bytes (reserved, key, block count, processor 84/85/86) then records: signed name length
/// (negative = locked), signed group id (negative = group), name, 16-bit offset to the next record counted from the
/// offset word (0 = last), then for a group a description, for a parameter the type, dimension count, dimensions,
/// data and description. Frame count: TRIAL:ACTUAL_START/END_FIELD (32-bit) when present, else POINT:FRAMES, else the
/// header. Stateless.
/// </summary>
internal static class C3dFileReader
{
    private const int Block = 512;
    private const byte Key = 0x50;
    private const short EventKey = 12345;

    public static C3dData Parse(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < Block)
        {
            throw new InputFormatException(source, $"header: the file is {bytes.Length} bytes; a C3D file starts with a 512-byte header");
        }

        if (bytes[1] != Key)
        {
            throw new InputFormatException(source, $"header byte 2: 0x{bytes[1]:X2} is not the C3D key 0x50 (not a C3D file)");
        }

        int paramStart = (bytes[0] - 1) * Block;
        if (bytes[0] < 2 || paramStart + 4 > bytes.Length)
        {
            throw new InputFormatException(source, $"header byte 1: the parameter section at block {bytes[0]} is outside the {bytes.Length}-byte file");
        }

        int processorByte = bytes[paramStart + 3];
        if (processorByte is < 84 or > 86)
        {
            throw new InputFormatException(source, $"parameter section byte 4: processor type {processorByte} is not 84 (Intel), 85 (DEC) or 86 (MIPS)");
        }

        var e = new C3dEndian((C3dProcessor)processorByte);
        C3dParameterSection parameters = ReadParameters(bytes, paramStart, e, source);

        int headerPoints = e.ReadUInt16(bytes.AsSpan(2));
        int headerAnalogPerFrame = e.ReadUInt16(bytes.AsSpan(4));
        int headerFirst = e.ReadUInt16(bytes.AsSpan(6));
        int headerLast = e.ReadUInt16(bytes.AsSpan(8));
        float headerScale = e.ReadSingle(bytes.AsSpan(12));
        int headerDataStart = e.ReadUInt16(bytes.AsSpan(16));
        float headerRate = e.ReadSingle(bytes.AsSpan(20));

        int points = UnsignedScalar(parameters, "POINT", "USED") ?? headerPoints;
        float scale = FloatScalar(parameters, "POINT", "SCALE") ?? headerScale;
        double rate = FloatScalar(parameters, "POINT", "RATE") ?? headerRate;
        int dataStart = UnsignedScalar(parameters, "POINT", "DATA_START") ?? headerDataStart;
        if (!(rate > 0) || !float.IsFinite((float)rate))
        {
            throw new InputFormatException(source, $"POINT:RATE (header words 11–12): frame rate {rate} is not positive");
        }

        if (points > 0 && (scale == 0 || !float.IsFinite(scale)))
        {
            throw new InputFormatException(source, $"POINT:SCALE (header words 7–8): {scale} is not a usable scale (negative = float data, positive = integer)");
        }

        (int first, int frames) = FrameRange(parameters, headerFirst, headerLast);
        string[] labels = Labels(parameters, "POINT", "LABELS", points, "M");
        string[] descriptions = Labels(parameters, "POINT", "DESCRIPTIONS", points, string.Empty);
        string units = parameters.Find("POINT", "UNITS") is { Type: C3dDataType.Char } u ? u.GetStrings().FirstOrDefault() ?? "mm" : "mm";

        int channels = UnsignedScalar(parameters, "ANALOG", "USED") ?? 0;
        int samplesPerFrame = 0;
        if (channels > 0)
        {
            float analogRate = FloatScalar(parameters, "ANALOG", "RATE") ?? 0f;
            samplesPerFrame = analogRate > 0 ? (int)Math.Round(analogRate / rate) : headerAnalogPerFrame / channels;
            if (samplesPerFrame < 1)
            {
                throw new InputFormatException(source, $"ANALOG:RATE: {analogRate} Hz gives no analog sample per {rate} Hz frame for {channels} channels");
            }
        }

        bool isFloat = scale < 0;
        int word = isFloat ? 4 : 2;
        long frameBytes = ((long)points * 4 * word) + ((long)channels * samplesPerFrame * word);
        long dataOffset = (long)(dataStart - 1) * Block;
        if (dataStart < 2 || dataOffset + (frames * frameBytes) > bytes.Length)
        {
            throw new InputFormatException(source,
                $"data section: {frames} frames of {frameBytes} bytes from block {dataStart} (POINT:DATA_START) need {dataOffset + (frames * frameBytes)} bytes, " +
                $"the file has {bytes.Length} (truncated or wrong frame count)");
        }

        var xyz = new float[frames * points * 3];
        var residuals = new float[frames * points];
        var masks = new byte[frames * points];
        C3dAnalogLayout analog = C3dAnalogLayout.From(parameters, channels, source);
        var analogValues = new float[frames * samplesPerFrame * channels];
        float residualScale = Math.Abs(scale);
        int pos = (int)dataOffset;
        for (int f = 0; f < frames; f++)
        {
            for (int p = 0; p < points; p++)
            {
                int cell = (f * points) + p;
                float x, y, z;
                int residualWord;
                if (isFloat)
                {
                    x = e.ReadSingle(bytes.AsSpan(pos));
                    y = e.ReadSingle(bytes.AsSpan(pos + 4));
                    z = e.ReadSingle(bytes.AsSpan(pos + 8));
                    residualWord = (short)(int)e.ReadSingle(bytes.AsSpan(pos + 12));
                }
                else
                {
                    x = e.ReadInt16(bytes.AsSpan(pos)) * scale;
                    y = e.ReadInt16(bytes.AsSpan(pos + 2)) * scale;
                    z = e.ReadInt16(bytes.AsSpan(pos + 4)) * scale;
                    residualWord = e.ReadInt16(bytes.AsSpan(pos + 6));
                }

                pos += 4 * word;
                if (residualWord < 0)
                {
                    x = y = z = float.NaN;
                    residuals[cell] = -1f;
                }
                else
                {
                    residuals[cell] = (residualWord & 0xFF) * residualScale;
                    masks[cell] = (byte)((residualWord >> 8) & 0x7F);
                }

                xyz[cell * 3] = x;
                xyz[(cell * 3) + 1] = y;
                xyz[(cell * 3) + 2] = z;
            }

            for (int s = 0; s < samplesPerFrame * channels; s++)
            {
                int c = s % channels;
                float raw = isFloat ? e.ReadSingle(bytes.AsSpan(pos))
                    : analog.Unsigned ? e.ReadUInt16(bytes.AsSpan(pos)) : e.ReadInt16(bytes.AsSpan(pos));
                analogValues[(f * samplesPerFrame * channels) + s] = (raw - analog.Offsets[c]) * analog.Scales[c] * analog.GeneralScale;
                pos += word;
            }
        }

        return new C3dData(labels, rate, frames, xyz, residuals, masks)
        {
            FirstFrame = first,
            PointUnits = units,
            PointDescriptions = descriptions,
            Analog = channels == 0 ? null : new C3dAnalog(analog.Labels, samplesPerFrame, analogValues, analog.Scales, analog.Offsets)
            {
                GeneralScale = analog.GeneralScale,
                Units = analog.Units,
                Unsigned = analog.Unsigned,
            },
            HeaderEvents = HeaderEvents(bytes, e),
            Events = GroupEvents(parameters),
            Parameters = parameters,
            Processor = e.Processor,
            PointScale = scale,
        };
    }

    private static C3dParameterSection ReadParameters(byte[] bytes, int start, C3dEndian e, string source)
    {
        var groups = new SortedDictionary<int, C3dGroup>();
        var pending = new List<(int Group, C3dParameter Parameter)>();
        int pos = start + 4;
        while (pos + 2 <= bytes.Length)
        {
            int recordAt = pos;
            int nameLength = (sbyte)bytes[pos];
            int id = (sbyte)bytes[pos + 1];
            if (nameLength == 0 || id == 0)
            {
                break;
            }

            int n = Math.Abs(nameLength);
            int offsetAt = pos + 2 + n;
            Need(bytes, offsetAt + 2, recordAt, source);
            string name = C3dFile.Ascii(bytes.AsSpan(pos + 2, n));
            int next = e.ReadInt16(bytes.AsSpan(offsetAt));
            int body = offsetAt + 2;
            if (id < 0)
            {
                Need(bytes, body + 1, recordAt, source);
                int descLength = bytes[body];
                Need(bytes, body + 1 + descLength, recordAt, source);
                groups[-id] = new C3dGroup(name, C3dFile.Ascii(bytes.AsSpan(body + 1, descLength)), nameLength < 0);
            }
            else
            {
                Need(bytes, body + 2, recordAt, source);
                int type = (sbyte)bytes[body];
                if (type is not (-1 or 1 or 2 or 4))
                {
                    throw new InputFormatException(source, $"parameter section byte {recordAt}: parameter {name} has type {type} (expected -1, 1, 2 or 4)");
                }

                int dimCount = bytes[body + 1];
                Need(bytes, body + 2 + dimCount, recordAt, source);
                var dims = new int[dimCount];
                int count = 1;
                for (int d = 0; d < dimCount; d++)
                {
                    dims[d] = bytes[body + 2 + d];
                    count *= dims[d];
                }

                int dataAt = body + 2 + dimCount;
                int size = count * Math.Abs(type);
                Need(bytes, dataAt + size + 1, recordAt, source);
                byte[] data = ToIntel(bytes.AsSpan(dataAt, size), (C3dDataType)type, e);
                int descLength = bytes[dataAt + size];
                Need(bytes, dataAt + size + 1 + descLength, recordAt, source);
                string description = C3dFile.Ascii(bytes.AsSpan(dataAt + size + 1, descLength));
                pending.Add((id, new C3dParameter(name, (C3dDataType)type, dims, data, description, nameLength < 0)));
            }

            if (next <= 0)
            {
                break;
            }

            pos = offsetAt + next;
        }

        var section = new C3dParameterSection();
        foreach (C3dGroup g in groups.Values)
        {
            section.Add(g);
        }

        foreach ((int groupId, C3dParameter parameter) in pending)
        {
            // Some writers put parameters before their group, or omit the group record: keep them under a made-up name.
            C3dGroup group = groups.TryGetValue(groupId, out C3dGroup? g) ? g : section.GetOrAdd($"GROUP{groupId}");
            group.Set(parameter);
        }

        return section;
    }

    private static void Need(byte[] bytes, int end, int recordAt, string source)
    {
        if (end > bytes.Length)
        {
            throw new InputFormatException(source, $"parameter section byte {recordAt}: the record runs past the end of the file ({bytes.Length} bytes)");
        }
    }

    private static byte[] ToIntel(ReadOnlySpan<byte> raw, C3dDataType type, C3dEndian e)
    {
        byte[] data = raw.ToArray();
        if (type == C3dDataType.Int16)
        {
            for (int i = 0; i + 2 <= data.Length; i += 2)
            {
                BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(i), e.ReadInt16(raw[i..]));
            }
        }
        else if (type == C3dDataType.Float)
        {
            for (int i = 0; i + 4 <= data.Length; i += 4)
            {
                BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i), e.ReadSingle(raw[i..]));
            }
        }

        return data;
    }

    private static int? UnsignedScalar(C3dParameterSection parameters, string group, string name)
    {
        C3dParameter? p = parameters.Find(group, name);
        if (p is null || p.Type == C3dDataType.Char || p.Count == 0)
        {
            return null;
        }

        return p.Type == C3dDataType.Int16 ? (ushort)p.GetIntegers()[0] : p.GetIntegers()[0];
    }

    private static float? FloatScalar(C3dParameterSection parameters, string group, string name)
    {
        C3dParameter? p = parameters.Find(group, name);
        return p is null || p.Type == C3dDataType.Char || p.Count == 0 ? null : p.GetFloats()[0];
    }

    private static (int First, int Frames) FrameRange(C3dParameterSection parameters, int headerFirst, int headerLast)
    {
        int? Field(string name)
        {
            C3dParameter? p = parameters.Find("TRIAL", name);
            if (p is null || p.Type != C3dDataType.Int16 || p.Count < 2)
            {
                return null;
            }

            int[] words = p.GetIntegers();
            return (ushort)words[0] + ((ushort)words[1] << 16);
        }

        if (Field("ACTUAL_START_FIELD") is int start && Field("ACTUAL_END_FIELD") is int end && end >= start)
        {
            return (start, end - start + 1);
        }

        int? frames = UnsignedScalar(parameters, "POINT", "FRAMES");
        return frames is int n ? (headerFirst, n) : (headerFirst, Math.Max(0, headerLast - headerFirst + 1));
    }

    internal static string[] Labels(C3dParameterSection parameters, string group, string name, int count, string fallbackPrefix)
    {
        var labels = new List<string>(count);
        for (int i = 1; labels.Count < count; i++)
        {
            C3dParameter? p = parameters.Find(group, i == 1 ? name : name + i);
            if (p is null || p.Type != C3dDataType.Char)
            {
                break;
            }

            labels.AddRange(p.GetStrings());
        }

        if (fallbackPrefix.Length == 0 && labels.Count == 0)
        {
            return [];
        }

        // Files with fewer labels than points exist; number the rest (or leave descriptions empty) rather than refuse the file.
        while (labels.Count < count)
        {
            labels.Add(fallbackPrefix.Length == 0 ? string.Empty : $"{fallbackPrefix}{labels.Count + 1:000}");
        }

        return [.. labels.Take(count)];
    }

    private static C3dEvent[] HeaderEvents(byte[] bytes, C3dEndian e)
    {
        if (e.ReadInt16(bytes.AsSpan(298)) != EventKey)
        {
            return [];
        }

        int count = Math.Clamp((int)e.ReadInt16(bytes.AsSpan(300)), 0, 18);
        var events = new C3dEvent[count];
        for (int i = 0; i < count; i++)
        {
            events[i] = new C3dEvent(C3dFile.Ascii(bytes.AsSpan(396 + (i * 4), 4)).TrimEnd(' ', '\0'),
                e.ReadSingle(bytes.AsSpan(304 + (i * 4))), bytes[376 + i] == 1);
        }

        return events;
    }

    private static C3dEvent[] GroupEvents(C3dParameterSection parameters)
    {
        int used = UnsignedScalar(parameters, "EVENT", "USED") ?? 0;
        C3dParameter? times = parameters.Find("EVENT", "TIMES");
        if (used == 0 || times is null || times.Type == C3dDataType.Char || times.Count < used * 2)
        {
            return [];
        }

        float[] t = times.GetFloats();
        string[] labels = Labels(parameters, "EVENT", "LABELS", used, "E");
        string[] contexts = Labels(parameters, "EVENT", "CONTEXTS", used, string.Empty);
        var events = new C3dEvent[used];
        for (int i = 0; i < used; i++)
        {
            // TIMES is [2, n]: minutes then seconds.
            events[i] = new C3dEvent(labels[i], (t[i * 2] * 60.0) + t[(i * 2) + 1], true, i < contexts.Length ? contexts[i] : string.Empty);
        }

        return events;
    }
}
