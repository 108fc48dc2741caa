using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Time;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer;

namespace Broadcast3D.Engine.Rendering;

/// <summary>
/// Reads a view's composited frames back into reference-counted <see cref="Picture"/>s (RGBA, the view's size) rented
/// from one <see cref="PicturePool"/>: the one full-frame copy of the picture path, counted by the pool. Shaped like
/// the Renderer's pipelined <c>ProgramReadback</c> (<see cref="Submit"/> takes frame n and hands out the pictures
/// finished by then; <see cref="Flush"/> what is left at the end), which replaces it; this one waits for the copy and
/// hands out frame n at once (on llvmpipe the draw is finished when it returns anyway).
/// <para>The programme is read as drawn (premultiplied RGBA, opaque with a plate); a graphics layer
/// (<c>straightAlpha</c>) is unpremultiplied in place, since NDI's RGBA and FFmpeg's YUVA formats mean straight
/// alpha. A frame for which the pool has no free picture (every one still held by a slow sink) gets none and is
/// counted in <see cref="Dropped"/>; the readback never waits for a sink. Device thread only; the pictures it hands
/// out may go to any thread.</para>
/// </summary>
public sealed class PictureReadback
{
    private readonly Compositor _compositor;
    private readonly PicturePool _pool;
    private readonly bool _straightAlpha;
    private long _dropped;

    /// <summary>Reads <paramref name="compositor"/>'s output into a pool of <paramref name="pictures"/> RGBA pictures of its size.</summary>
    public PictureReadback(Compositor compositor, int pictures, bool straightAlpha)
    {
        ArgumentNullException.ThrowIfNull(compositor);
        _compositor = compositor;
        _pool = new PicturePool(PixelLayout.Rgba8, compositor.Width, compositor.Height, pictures);
        Pools = [_pool];
        _straightAlpha = straightAlpha;
    }

    /// <summary>The one layout handed out: RGBA.</summary>
    public IReadOnlyList<PixelLayout> Layouts { get; } = [PixelLayout.Rgba8];

    /// <summary>The pool of each layout (its <see cref="PicturePool.FullFrameCopies"/> counts the copies).</summary>
    public IReadOnlyList<PicturePool> Pools { get; }

    /// <summary>Pictures not delivered because the pool had none free.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Reads frame <paramref name="frameIndex"/> from <paramref name="composited"/> (the compositor's output, everything
    /// drawn into it already issued) into <paramref name="finished"/>[0]: one reference, owned by the caller, stamped
    /// with the frame's index, capture time <paramref name="time"/> and <paramref name="ingestTimestamp"/> (when its
    /// camera picture was ingested; 0 when it shows no new one); null when the pool had no free picture. Returns true:
    /// the frame is finished at once.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="composited"/> is not the compositor's output, or <paramref name="finished"/> is empty.</exception>
    /// <exception cref="GpuException">The GPU did not finish the frame within a second.</exception>
    public bool Submit(GpuTexture composited, long frameIndex, Rational time, long ingestTimestamp, Span<Picture?> finished)
    {
        if (!ReferenceEquals(composited, _compositor.Output))
            throw new ArgumentException("the readback reads its compositor's output texture", nameof(composited));
        if (finished.IsEmpty)
            throw new ArgumentException("room for one picture per layout is needed", nameof(finished));
        finished[0] = null;
        if (!_pool.TryRent(out Picture picture))
        {
            Interlocked.Increment(ref _dropped);
            return true;
        }
        try
        {
            ReadbackPool readback = _compositor.Readback;
            if (!readback.TryBegin(_compositor.Target, out int slot))
                throw new GpuException("no readback slot free: every slot is completed before the next frame");
            Span<byte> pixels = picture.Writable;
            if (!readback.TryComplete(slot, pixels, TimeSpan.FromSeconds(1)))
                throw new GpuException("the GPU did not finish the picture within 1 s");
            _pool.CountCopy();
            if (_straightAlpha)
                Compositor.Unpremultiply(pixels, pixels);
        }
        catch
        {
            picture.Release();
            throw;
        }
        picture.FrameIndex = frameIndex;
        picture.Time = time;
        picture.IngestTimestamp = ingestTimestamp;
        finished[0] = picture;
        return true;
    }

    /// <summary>Completes what is still in flight at the end of a run into <paramref name="last"/>; false: nothing is (every frame was handed out at once).</summary>
    public bool Flush(Span<Picture?> last)
    {
        last.Clear();
        return false;
    }
}
