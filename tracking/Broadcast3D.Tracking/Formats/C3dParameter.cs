using System.Buffers.Binary;
using System.Text;

namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// One C3D parameter (GROUP:NAME): type, dimensions (column-major, first index fastest, as the file stores them) and
/// values. Values are held in Intel order (little-endian integers, IEEE floats) whatever the file's processor; the
/// writer re-encodes them. Immutable.
/// </summary>
public sealed class C3dParameter
{
    private readonly byte[] _data;

    /// <summary>Creates a parameter from Intel-order data; <paramref name="data"/> is copied.</summary>
    /// <exception cref="ArgumentException">Name empty or longer than 127 characters, more than 7 dimensions, a dimension over 255, or a data length that does not match.</exception>
    public C3dParameter(string name, C3dDataType type, IReadOnlyList<int> dimensions, ReadOnlySpan<byte> data, string description = "", bool locked = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(dimensions);
        if (name.Length > 127 || dimensions.Count > 7 || dimensions.Any(d => d is < 0 or > 255))
        {
            throw new ArgumentException($"C3D parameter {name}: names are 1–127 characters, at most 7 dimensions of 0–255 each.", nameof(dimensions));
        }

        int count = dimensions.Aggregate(1, (a, d) => a * d);
        if (data.Length != count * Math.Abs((int)type))
        {
            throw new ArgumentException($"C3D parameter {name}: {count} elements of {type} need {count * Math.Abs((int)type)} bytes, got {data.Length}.", nameof(data));
        }

        Name = name;
        Type = type;
        Dimensions = [.. dimensions];
        _data = data.ToArray();
        Description = description ?? string.Empty;
        Locked = locked;
    }

    /// <summary>Parameter name (upper case by convention; lookups ignore case).</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public C3dDataType Type { get; }

    /// <summary>Dimensions; empty for a scalar.</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>Free-text description.</summary>
    public string Description { get; }

    /// <summary>Locked flag (negative name length in the file).</summary>
    public bool Locked { get; }

    /// <summary>Values in Intel order.</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>Number of elements.</summary>
    public int Count => _data.Length / Math.Abs((int)Type);

    /// <summary>A scalar or 1-D 16-bit integer parameter.</summary>
    public static C3dParameter Int16(string name, IReadOnlyList<short> values, string description = "", bool scalar = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        var data = new byte[values.Count * 2];
        for (int i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(i * 2), values[i]);
        }

        return new C3dParameter(name, C3dDataType.Int16, scalar ? [] : [values.Count], data, description);
    }

    /// <summary>A scalar or 1-D float parameter.</summary>
    public static C3dParameter Float(string name, IReadOnlyList<float> values, string description = "", bool scalar = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        var data = new byte[values.Count * 4];
        for (int i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), values[i]);
        }

        return new C3dParameter(name, C3dDataType.Float, scalar ? [] : [values.Count], data, description);
    }

    /// <summary>A 2-D float parameter [rows, columns], <paramref name="values"/> in file order (first index fastest).</summary>
    public static C3dParameter FloatMatrix(string name, int rows, int columns, IReadOnlyList<float> values, string description = "")
    {
        ArgumentNullException.ThrowIfNull(values);
        var data = new byte[values.Count * 4];
        for (int i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), values[i]);
        }

        return new C3dParameter(name, C3dDataType.Float, [rows, columns], data, description);
    }

    /// <summary>One string (1-D character array).</summary>
    public static C3dParameter String(string name, string value, string description = "")
    {
        ArgumentNullException.ThrowIfNull(value);
        return new C3dParameter(name, C3dDataType.Char, [value.Length], Encoding.ASCII.GetBytes(value), description);
    }

    /// <summary>Strings as a 2-D character array [width, count], each padded with spaces to the longest (at least <paramref name="minWidth"/>).</summary>
    public static C3dParameter Strings(string name, IReadOnlyList<string> values, string description = "", int minWidth = 1)
    {
        ArgumentNullException.ThrowIfNull(values);
        int width = Math.Max(minWidth, values.Count == 0 ? 0 : values.Max(v => v.Length));
        var data = new byte[width * values.Count];
        data.AsSpan().Fill((byte)' ');
        for (int i = 0; i < values.Count; i++)
        {
            Encoding.ASCII.GetBytes(values[i], data.AsSpan(i * width));
        }

        return new C3dParameter(name, C3dDataType.Char, [width, values.Count], data, description);
    }

    /// <summary>Elements as integers (bytes, 16-bit integers or truncated floats).</summary>
    /// <exception cref="InvalidOperationException">A character parameter.</exception>
    public int[] GetIntegers() => Type switch
    {
        C3dDataType.Byte => [.. _data.Select(b => (int)b)],
        C3dDataType.Int16 => [.. Enumerable.Range(0, Count).Select(i => (int)BinaryPrimitives.ReadInt16LittleEndian(_data.AsSpan(i * 2)))],
        C3dDataType.Float => [.. GetFloats().Select(f => (int)f)],
        _ => throw new InvalidOperationException($"C3D parameter {Name} holds characters, not numbers."),
    };

    /// <summary>Elements as floats.</summary>
    /// <exception cref="InvalidOperationException">A character parameter.</exception>
    public float[] GetFloats() => Type == C3dDataType.Float
        ? [.. Enumerable.Range(0, Count).Select(i => BinaryPrimitives.ReadSingleLittleEndian(_data.AsSpan(i * 4)))]
        : [.. GetIntegers().Select(i => (float)i)];

    /// <summary>A character parameter as strings (trailing spaces and NULs removed): one per column of a 2-D array, one for 0/1-D.</summary>
    /// <exception cref="InvalidOperationException">Not a character parameter.</exception>
    public string[] GetStrings()
    {
        if (Type != C3dDataType.Char)
        {
            throw new InvalidOperationException($"C3D parameter {Name} holds numbers, not characters.");
        }

        if (Dimensions.Count < 2)
        {
            return [Trim(Encoding.ASCII.GetString(_data))];
        }

        int width = Dimensions[0];
        int count = _data.Length / Math.Max(1, width);
        var strings = new string[width == 0 ? 0 : count];
        for (int i = 0; i < strings.Length; i++)
        {
            strings[i] = Trim(Encoding.ASCII.GetString(_data, i * width, width));
        }

        return strings;
    }

    private static string Trim(string s) => s.TrimEnd(' ', '\0');
}
