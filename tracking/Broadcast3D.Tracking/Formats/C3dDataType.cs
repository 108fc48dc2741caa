namespace Broadcast3D.Tracking.Formats;

/// <summary>Element type of a C3D parameter; the value is the type byte stored in the file (|value| = bytes per element).</summary>
public enum C3dDataType
{
    /// <summary>ASCII characters; a 2-D array [length, count] holds <c>count</c> strings, space padded.</summary>
    Char = -1,

    /// <summary>Unsigned byte.</summary>
    Byte = 1,

    /// <summary>16-bit integer in the file's byte order (signed; some parameters are read as unsigned).</summary>
    Int16 = 2,

    /// <summary>32-bit real in the file's floating-point format.</summary>
    Float = 4,
}
