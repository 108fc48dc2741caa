using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Time;
using Broadcast3D.Gpu;

namespace Broadcast3D.Renderer;

/// <summary>
/// Reads programme frames back from the GPU, pipelined one frame deep, into pooled <see cref="Picture"/>s of the
/// sinks' formats: <see cref="Submit"/> converts frame n into every requested layout on the GPU
/// (<see cref="PictureConverter"/>) and queues its readback behind a fence, then completes frame n−1 (finished by
/// the GPU while the CPU composited frame n, so in steady state nothing waits) into pictures rented from one
/// <see cref="PicturePool"/> per layout. The copy out of the GPU buffer into the picture is the one full-frame copy of
/// the picture path; the pools count it. A layout whose pool has no free picture (a slow sink still holds them all)
/// gets null for that frame and <see cref="Dropped"/> counts it; the readback never waits for a sink.
/// Sized at creation; allocates nothing per frame. Owner-thread only, like the device; the pictures it hands out
/// may go to any thread.
/// </summary>
public sealed class ProgramReadback : IDisposable
{
    // Frame n−1 normally finished long ago; this only bounds a hung or lost GPU.
    private static readonly TimeSpan s_gpuTimeout = TimeSpan.FromSeconds(5);
    private readonly GpuDevice _device;
    private readonly PixelLayout[] _layouts;
    private readonly PictureConverter[] _converters;
    private readonly PicturePool[] _pools;
    // [slot][layout]: two slots, the frame being converted and the one being completed.
    private readonly GpuBuffer[][] _buffers;
    // One fence per slot, created once and re-inserted each frame (no allocation); _pending says which slot holds a frame.
    private readonly GpuFence?[] _fences = new GpuFence?[2];
    private readonly bool[] _pending = new bool[2];
    private readonly (long FrameIndex, Rational Time, long IngestTimestamp)[] _stamps = new (long, Rational, long)[2];
    private int _next;
    private long _dropped;

    /// <summary>
    /// Creates converters, two GPU buffers and a pool of <paramref name="picturesPerLayout"/> pictures per layout.
    /// </summary>
    /// <exception cref="ArgumentException">No layouts, a repeated layout, or a layout/size the GPU cannot convert to.</exception>
    public ProgramReadback(GpuDevice device, int width, int height, IReadOnlyList<PixelLayout> layouts, int picturesPerLayout)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(layouts);
        ArgumentOutOfRangeException.ThrowIfLessThan(picturesPerLayout, 1);
        if (layouts.Count == 0)
            throw new ArgumentException("ask for at least one layout (Yuv420P for x264, Uyvy for NDI, Rgba8 for straight-alpha outputs)", nameof(layouts));
        if (layouts.Distinct().Count() != layouts.Count)
            throw new ArgumentException($"each layout once: got {string.Join(", ", layouts)}", nameof(layouts));
        _device = device;
        Width = width;
        Height = height;
        _layouts = [.. layouts];
        _converters = new PictureConverter[_layouts.Length];
        _pools = new PicturePool[_layouts.Length];
        _buffers = [new GpuBuffer[_layouts.Length], new GpuBuffer[_layouts.Length]];
        try
        {
            for (int i = 0; i < _layouts.Length; i++)
            {
                _converters[i] = new PictureConverter(device, _layouts[i], width, height);
                _pools[i] = new PicturePool(_layouts[i], width, height, picturesPerLayout);
                for (int slot = 0; slot < 2; slot++)
                    _buffers[slot][i] = device.CreateBuffer(new BufferDescription(_converters[i].OutputBytes, BufferUsage.Readback));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Width, pixels.</summary>
    public int Width { get; }

    /// <summary>Height, pixels.</summary>
    public int Height { get; }

    /// <summary>The layouts, in the order of the pictures <see cref="Submit"/> returns.</summary>
    public IReadOnlyList<PixelLayout> Layouts => _layouts;

    /// <summary>The pool of each layout (same order as <see cref="Layouts"/>), e.g. for their copy counters.</summary>
    public IReadOnlyList<PicturePool> Pools => _pools;

    /// <summary>Pictures not delivered because their layout's pool had none free (one per layout and frame).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Converts and queues frame <paramref name="frameIndex"/> from <paramref name="composited"/> (everything drawn
    /// into it already issued: <see cref="Compositor.FlushGraphics"/>), then completes the previous submitted frame
    /// into <paramref name="previous"/> (one entry per layout, in <see cref="Layouts"/> order): one reference per
    /// picture, owned by the caller, stamped with that frame's index, time and ingest timestamp; null for a layout
    /// whose pool had no free picture. Returns false (all entries null) on the first call, when there is no
    /// previous frame.
    /// </summary>
    /// <exception cref="ArgumentException">The texture is not a <see cref="Width"/>×<see cref="Height"/> Rgba8 texture, or <paramref name="previous"/> is shorter than the layouts.</exception>
    /// <exception cref="GpuException">The GPU did not finish the previous frame within 5 s (hung or lost device).</exception>
    public bool Submit(GpuTexture composited, long frameIndex, Rational time, long ingestTimestamp, Span<Picture?> previous)
    {
        ArgumentNullException.ThrowIfNull(composited);
        CheckOutput(previous);
        int slot = _next;
        for (int i = 0; i < _converters.Length; i++)
            _converters[i].Convert(composited, _buffers[slot][i]);
        if (_fences[slot] is { } fence)
            fence.Reinsert();
        else
            _fences[slot] = _device.InsertFence();
        _pending[slot] = true;
        _stamps[slot] = (frameIndex, time, ingestTimestamp);
        _next = 1 - slot;
        return Complete(1 - slot, previous);
    }

    /// <summary>
    /// Completes the last submitted frame (end of a run) into <paramref name="last"/> as <see cref="Submit"/> does;
    /// false (all entries null) when nothing is pending.
    /// </summary>
    public bool Flush(Span<Picture?> last)
    {
        CheckOutput(last);
        return Complete(1 - _next, last);
    }

    private bool Complete(int slot, Span<Picture?> output)
    {
        output[.._layouts.Length].Clear();
        if (!_pending[slot])
            return false;
        if (!_fences[slot]!.Wait(s_gpuTimeout))
            throw new GpuException($"the GPU did not finish programme frame {_stamps[slot].FrameIndex} within {s_gpuTimeout.TotalSeconds:0} s; the device may be hung or lost");
        _pending[slot] = false;
        (long frameIndex, Rational time, long ingestTimestamp) = _stamps[slot];
        for (int i = 0; i < _layouts.Length; i++)
        {
            if (!_pools[i].TryRent(out Picture picture))
            {
                Interlocked.Increment(ref _dropped);
                continue;
            }
            // The one full-frame copy of the picture path: GPU buffer → pooled picture.
            _buffers[slot][i].Read(picture.Writable[..picture.Length]);
            _pools[i].CountCopy();
            picture.FrameIndex = frameIndex;
            picture.Time = time;
            picture.IngestTimestamp = ingestTimestamp;
            output[i] = picture;
        }
        return true;
    }

    private void CheckOutput(Span<Picture?> output)
    {
        if (output.Length < _layouts.Length)
            throw new ArgumentException($"the output span has {output.Length} entries; this readback delivers {_layouts.Length} layouts ({string.Join(", ", _layouts)})", nameof(output));
    }

    /// <summary>Frees the GPU objects. Pictures already handed out stay valid (they live in managed memory).</summary>
    public void Dispose()
    {
        foreach (GpuFence? f in _fences)
            f?.Dispose();
        foreach (GpuBuffer[] slot in _buffers)
        {
            foreach (GpuBuffer? b in slot)
                b?.Dispose();
        }
        foreach (PictureConverter? c in _converters)
            c?.Dispose();
    }
}
