namespace Broadcast3D.Engine.Control;

/// <summary>One programme picture read back for a preview: straight RGBA rows, top first, tightly packed.</summary>
/// <param name="Width">Pixels.</param>
/// <param name="Height">Pixels.</param>
/// <param name="Rgba">Width × Height × 4 bytes (the caller owns it).</param>
/// <param name="Frame">The programme frame index it shows.</param>
public sealed record PreviewPicture(int Width, int Height, byte[] Rgba, long Frame);
