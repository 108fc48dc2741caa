namespace Broadcast3D.Tracking.Masks;

/// <summary>
/// An axis-aligned block of whole image pixels: columns <see cref="X"/> .. <see cref="X"/> + <see cref="Width"/> − 1,
/// rows <see cref="Y"/> .. <see cref="Y"/> + <see cref="Height"/> − 1. Empty when either size is 0.
/// </summary>
public readonly record struct PixelBounds(int X, int Y, int Width, int Height)
{
    /// <summary>No pixel.</summary>
    public bool IsEmpty => Width <= 0 || Height <= 0;

    /// <summary>Pixels covered.</summary>
    public long Area => IsEmpty ? 0 : (long)Width * Height;

    /// <summary>Whether pixel (<paramref name="x"/>, <paramref name="y"/>) lies in the block.</summary>
    public bool Contains(int x, int y) => x >= X && y >= Y && x < X + Width && y < Y + Height;
}
