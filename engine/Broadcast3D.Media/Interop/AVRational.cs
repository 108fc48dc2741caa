using System.Runtime.InteropServices;

namespace Broadcast3D.Media.Interop;

/// <summary>libavutil <c>AVRational</c>: passed by value, so the whole struct is declared.</summary>
[StructLayout(LayoutKind.Explicit, Size = 8)]
internal struct AVRational
{
    [FieldOffset(0)] public int Num;
    [FieldOffset(4)] public int Den;

    public AVRational(int num, int den)
    {
        Num = num;
        Den = den;
    }
}
