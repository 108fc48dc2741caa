using System.Text;

namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// Reads and writes C3D files (c3d.org, "The C3D File Format User Guide"): a 512-byte header block, the parameter
/// section (groups and parameters) and the data section of 3D points (float or scaled 16-bit integers, with residual
/// and camera-mask word) followed per frame by the analog samples, in Intel, DEC or MIPS processor format. Stateless
/// and thread-safe. Layout details are in <see cref="C3dFileReader"/> and <see cref="C3dFileWriter"/>.
/// </summary>
public static class C3dFile
{
    /// <summary>Reads a C3D file.</summary>
    /// <exception cref="InputFormatException">Missing, truncated or inconsistent file; the message names the field.</exception>
    public static C3dData Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputFormatException(path, $"cannot read the C3D file: {ex.Message}", ex);
        }

        return C3dFileReader.Parse(bytes, path);
    }

    /// <summary>Parses C3D bytes; <paramref name="source"/> names them in errors.</summary>
    /// <exception cref="InputFormatException">See <see cref="Read"/>.</exception>
    public static C3dData Parse(byte[] bytes, string source) => C3dFileReader.Parse(bytes, source);

    /// <summary>Encodes <paramref name="data"/> as a C3D file.</summary>
    /// <exception cref="ArgumentException">Content the format cannot hold (integer overflow, &gt; 18 header events, labels &gt; 4 characters).</exception>
    public static byte[] Encode(C3dData data, C3dWriteOptions? options = null) => C3dFileWriter.Encode(data, options ?? new C3dWriteOptions());

    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="ArgumentException">See <see cref="Encode"/>.</exception>
    public static void Write(C3dData data, string path, C3dWriteOptions? options = null) => File.WriteAllBytes(path, Encode(data, options));

    internal static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
