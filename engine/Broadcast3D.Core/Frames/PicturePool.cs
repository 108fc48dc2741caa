using System.Collections.Concurrent;

namespace Broadcast3D.Core.Frames;

/// <summary>
/// A fixed set of <see cref="Picture"/>s of one layout and size, created at start-up: renting never allocates, and
/// when every picture is still held (a slow sink) <see cref="TryRent"/> says so and the caller drops or repeats the
/// frame and counts it. Instrumented: <see cref="FullFrameCopies"/> counts the full-frame copies made into its
/// pictures, so a test can check the picture path copies a frame once. Thread-safe.
/// </summary>
public sealed class PicturePool
{
    private readonly ConcurrentQueue<Picture> _free = new();
    private long _copies, _rented;

    /// <summary>Creates <paramref name="capacity"/> pictures of <paramref name="width"/>×<paramref name="height"/> <paramref name="layout"/>.</summary>
    public PicturePool(PixelLayout layout, int width, int height, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        if (layout != PixelLayout.Rgba8 && (width % 2 != 0 || height % 2 != 0))
            throw new ArgumentException($"a {layout} picture needs an even size, got {width}×{height}");
        Layout = layout;
        Width = width;
        Height = height;
        Capacity = capacity;
        for (int i = 0; i < capacity; i++)
            _free.Enqueue(new Picture(this));
    }

    public PixelLayout Layout { get; }
    public int Width { get; }
    public int Height { get; }

    /// <summary>Pictures in the pool.</summary>
    public int Capacity { get; }

    /// <summary>Pictures not held by anyone now.</summary>
    public int Available => _free.Count;

    /// <summary>Rents so far.</summary>
    public long Rented => Interlocked.Read(ref _rented);

    /// <summary>Full-frame copies made into this pool's pictures (<see cref="Picture.Fill"/> or <see cref="CountCopy"/>).</summary>
    public long FullFrameCopies => Interlocked.Read(ref _copies);

    /// <summary>A free picture with one reference (the caller's); false when every picture is held. Never waits, never allocates.</summary>
    public bool TryRent(out Picture picture)
    {
        if (!_free.TryDequeue(out picture!))
            return false;
        picture.Rent();
        Interlocked.Increment(ref _rented);
        return true;
    }

    /// <summary>Counts one full-frame copy into a picture of this pool (for writers that fill <see cref="Picture.Writable"/> themselves).</summary>
    public void CountCopy() => Interlocked.Increment(ref _copies);

    internal void Return(Picture picture) => _free.Enqueue(picture);
}
