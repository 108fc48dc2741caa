namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// The processor type byte of a C3D parameter section (byte 4 of its first block): it fixes the byte order of every
/// integer and the floating-point format of every real in the file (header, parameters, data).
/// </summary>
public enum C3dProcessor
{
    /// <summary>Intel: little-endian integers, IEEE-754 little-endian floats (value 84).</summary>
    Intel = 84,

    /// <summary>DEC (VAX/PDP-11): little-endian integers, VAX F_floating reals (value 85).</summary>
    Dec = 85,

    /// <summary>MIPS (SGI/MIPS): big-endian integers, IEEE-754 big-endian floats (value 86).</summary>
    Mips = 86,
}
