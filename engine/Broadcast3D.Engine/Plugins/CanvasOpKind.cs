namespace Broadcast3D.Engine.Plugins;

/// <summary>What a <see cref="CanvasOp"/> draws.</summary>
internal enum CanvasOpKind
{
    Rectangle,
    Text,
    Label,
    Image,
    Line,
}
