using System.Runtime.CompilerServices;

namespace Broadcast3D.Media.Interop;

/// <summary>The eight plane pointers of <c>AVFrame.data</c> (<c>uint8_t *data[8]</c>).</summary>
[InlineArray(8)]
internal struct PlanePointers
{
    private nint _element;
}
