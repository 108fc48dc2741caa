using System.Numerics;
using Broadcast3D.Plugins;

namespace Broadcast3D.Engine.Plugins;

/// <summary>
/// One queued 2D drawing of <see cref="CompositorCanvas"/>, replayed over the 3D at the end of the view. A line keeps its
/// end points in <see cref="Rect"/> (x0, y0, x1, y1) and its width in <see cref="Offset"/>.X.
/// </summary>
internal readonly record struct CanvasOp(CanvasOpKind Kind, Vector4 Rect, Vector4 Colour, Vector4 Box, string? Text, int PixelSize, bool Bold,
    Vector3 World, Vector2 Offset, OverlayImage? Image);
