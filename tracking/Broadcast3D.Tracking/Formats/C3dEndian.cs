using System.Buffers.Binary;

namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// Integer and real encoding of one C3D processor type. DEC reals are VAX F_floating: the two 16-bit halves of an
/// IEEE single swapped and the value 4 times larger (VAX has an exponent bias of 128 and a 0.1f mantissa where IEEE has
/// 127 and 1.f), and an exponent of 0 means zero. Stateless.
/// </summary>
internal readonly struct C3dEndian(C3dProcessor processor)
{
    public C3dProcessor Processor { get; } = processor;

    public short ReadInt16(ReadOnlySpan<byte> b) =>
        Processor == C3dProcessor.Mips ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b);

    public ushort ReadUInt16(ReadOnlySpan<byte> b) => unchecked((ushort)ReadInt16(b));

    public void WriteInt16(Span<byte> b, short value)
    {
        if (Processor == C3dProcessor.Mips)
        {
            BinaryPrimitives.WriteInt16BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteInt16LittleEndian(b, value);
        }
    }

    public float ReadSingle(ReadOnlySpan<byte> b)
    {
        switch (Processor)
        {
            case C3dProcessor.Mips:
                return BinaryPrimitives.ReadSingleBigEndian(b);
            case C3dProcessor.Dec:
                if ((b[1] & 0x7F) == 0 && (b[0] & 0x80) == 0)
                {
                    return 0f; // VAX exponent 0: zero (or the reserved operand, which no writer stores)
                }

                Span<byte> ieee = [b[2], b[3], b[0], b[1]];
                return BinaryPrimitives.ReadSingleLittleEndian(ieee) / 4f;
            default:
                return BinaryPrimitives.ReadSingleLittleEndian(b);
        }
    }

    public void WriteSingle(Span<byte> b, float value)
    {
        switch (Processor)
        {
            case C3dProcessor.Mips:
                BinaryPrimitives.WriteSingleBigEndian(b, value);
                break;
            case C3dProcessor.Dec:
                if (value == 0f)
                {
                    b[..4].Clear();
                    return;
                }

                Span<byte> ieee = stackalloc byte[4];
                BinaryPrimitives.WriteSingleLittleEndian(ieee, value * 4f);
                b[0] = ieee[2];
                b[1] = ieee[3];
                b[2] = ieee[0];
                b[3] = ieee[1];
                break;
            default:
                BinaryPrimitives.WriteSingleLittleEndian(b, value);
                break;
        }
    }
}
