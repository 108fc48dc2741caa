using Broadcast3D.Core.Time;

namespace Broadcast3D.Core.Frames;

/// <summary>
/// One finished picture (a programme frame read back from the GPU) in a pooled, tightly packed buffer, shared by
/// every sink without a copy: whoever holds it calls <see cref="Retain"/> before handing it to another owner, and
/// every owner calls <see cref="Release"/> once; the last release returns it to its <see cref="PicturePool"/>.
/// Written only by the one owner that rented it, before it is shared (<see cref="Fill"/>, <see cref="Writable"/>);
/// immutable afterwards. Retain/Release are thread-safe; the rest is read-only once shared.
/// </summary>
public sealed class Picture
{
    private readonly PicturePool _pool;
    private readonly byte[] _buffer;
    private readonly int[] _offsets;
    private readonly int[] _strides;
    private int _references;

    internal Picture(PicturePool pool)
    {
        _pool = pool;
        Layout = pool.Layout;
        Width = pool.Width;
        Height = pool.Height;
        int planes = ImagePlanes.PlaneCount(Layout);
        _offsets = new int[planes];
        _strides = new int[planes];
        int size = 0;
        for (int p = 0; p < planes; p++)
        {
            (int rowBytes, int rows) = ImagePlanes.PlaneShape(Layout, Width, Height, p);
            _offsets[p] = size;
            _strides[p] = rowBytes;
            size += rowBytes * rows;
        }
        // Pinned for life (pinned object heap): native consumers (x264 through av_buffer_create, NDI) read the
        // picture by address while they hold a reference, with no per-frame pinning.
        _buffer = GC.AllocateArray<byte>(size, pinned: true);
    }

    public PixelLayout Layout { get; }

    /// <summary>Width, pixels.</summary>
    public int Width { get; }

    /// <summary>Height, pixels.</summary>
    public int Height { get; }

    /// <summary>Programme frame index (the outputs' timestamp in frames).</summary>
    public long FrameIndex { get; set; }

    /// <summary>Capture time of the camera picture it shows, seconds on the sync time line.</summary>
    public Rational Time { get; set; }

    /// <summary>Stopwatch ticks when its camera frame set was ingested; 0 when it shows no new camera picture (repeat, black).</summary>
    public long IngestTimestamp { get; set; }

    /// <summary>
    /// All planes, one after another without row padding (the layout FFmpeg's rawvideo uses). The memory is pinned
    /// for the picture's life: its address never changes, so a native consumer may keep a pointer while it holds a
    /// reference.
    /// </summary>
    public ReadOnlySpan<byte> Bytes => _buffer;

    /// <summary>Total bytes of <see cref="Bytes"/>.</summary>
    public int Length => _buffer.Length;

    /// <summary>Owners holding this picture (0 while it is in the pool).</summary>
    public int References => Volatile.Read(ref _references);

    /// <summary>Plane <paramref name="plane"/>: <see cref="Stride"/> bytes per row.</summary>
    public ReadOnlySpan<byte> Plane(int plane) => _buffer.AsSpan(_offsets[plane], PlaneLength(plane));

    /// <summary>Bytes per row of plane <paramref name="plane"/> (tight: no padding).</summary>
    public int Stride(int plane) => _strides[plane];

    /// <summary>The planes as a view (valid while a reference is held).</summary>
    public ImagePlanes AsPlanes()
    {
        int planes = _offsets.Length;
        ReadOnlyMemory<byte> memory = _buffer;
        return new ImagePlanes(Layout, Width, Height,
            memory.Slice(_offsets[0], PlaneLength(0)), _strides[0],
            planes > 1 ? memory.Slice(_offsets[1], PlaneLength(1)) : default, planes > 1 ? _strides[1] : 0,
            planes > 2 ? memory.Slice(_offsets[2], PlaneLength(2)) : default, planes > 2 ? _strides[2] : 0);
    }

    /// <summary>
    /// The buffer for the renting owner to write into, before the picture is shared. Writing a whole frame this way is
    /// a full-frame copy: say so with <see cref="PicturePool.CountCopy"/> (or use <see cref="Fill"/>, which does).
    /// </summary>
    /// <exception cref="InvalidOperationException">The picture is shared (more than one reference) or back in the pool.</exception>
    public Span<byte> Writable
    {
        get
        {
            if (References != 1)
                throw new InvalidOperationException($"a picture is written only by its one owner before it is shared (it has {References} references)");
            return _buffer;
        }
    }

    /// <summary>Copies <paramref name="source"/> (all planes, packed) into the picture: one full-frame copy, counted by the pool.</summary>
    public void Fill(ReadOnlySpan<byte> source)
    {
        if (source.Length != _buffer.Length)
            throw new ArgumentException($"a {Width}×{Height} {Layout} picture holds {_buffer.Length} bytes, the source has {source.Length}", nameof(source));
        source.CopyTo(Writable);
        _pool.CountCopy();
    }

    /// <summary>Adds an owner (before handing the picture to another thread or sink). Thread-safe.</summary>
    /// <exception cref="InvalidOperationException">The picture is back in its pool (a release too many somewhere).</exception>
    public void Retain()
    {
        int before;
        do
        {
            before = Volatile.Read(ref _references);
            if (before <= 0)
                throw new InvalidOperationException("Retain on a picture that is back in its pool");
        }
        while (Interlocked.CompareExchange(ref _references, before + 1, before) != before);
    }

    /// <summary>Drops this owner's reference; the last one returns the picture to its pool. Thread-safe.</summary>
    /// <exception cref="InvalidOperationException">More releases than references.</exception>
    public void Release()
    {
        int after = Interlocked.Decrement(ref _references);
        if (after == 0)
        {
            IngestTimestamp = 0;
            _pool.Return(this);
        }
        else if (after < 0)
        {
            Interlocked.Increment(ref _references);
            throw new InvalidOperationException("Release on a picture that is back in its pool");
        }
    }

    internal void Rent() => Volatile.Write(ref _references, 1);

    private int PlaneLength(int plane) =>
        (plane + 1 < _offsets.Length ? _offsets[plane + 1] : _buffer.Length) - _offsets[plane];
}
