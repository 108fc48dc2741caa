using Broadcast3D.Core.Time;

namespace Broadcast3D.Media.Recording;

/// <summary>One opening of a camera's source as the <see cref="PacketTap"/> saw it.</summary>
/// <param name="Parameters">The stream's <c>AVCodecParameters</c> (copied; owned by the tap).</param>
/// <param name="TimeBase">The packets' time base in seconds.</param>
/// <param name="Offset">Seconds added to pts × time base to give the capture time; null until the reader knows it.</param>
internal readonly record struct TapConnection(nint Parameters, Rational TimeBase, Rational? Offset);
