using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Time;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer;

namespace Broadcast3D.Engine.Rendering;

/// <summary>
/// Reads a view's composited frames back into reference-counted <see cref="Picture"/>s rented from one
/// <see cref="PicturePool"/> (RGBA, the view's size): the one full-frame copy of the picture path, counted by the
/// pool. Shaped for a pipelined readback: <see cref="Submit"/> takes frame n and returns the picture that is
/// finished by then, and <see cref="Flush"/> returns what is still in flight at the end. This one waits for the
/// copy and returns frame n at once (on llvmpipe the draw is finished when it returns anyway).
/// <para>The programme is read as drawn (premultiplied RGBA, opaque with a plate); a graphics layer
/// (<c>straightAlpha</c>) is unpremultiplied in place, since NDI's RGBA and FFmpeg's YUVA formats mean straight
/// alpha. Device thread only; the pictures it returns may go to any thread.</para>
/// </summary>
public sealed class PictureReadback
{
    private readonly Compositor _compositor;
    private readonly bool _straightAlpha;

    /// <summary>
    /// Reads <paramref name="compositor"/>'s target into pictures of <paramref name="pool"/> (RGBA, the compositor's
    /// size; the caller owns the pool, the compositor and its readback slots).
    /// </summary>
    /// <exception cref="ArgumentException">The pool's layout or size is not the compositor's.</exception>
    public PictureReadback(Compositor compositor, PicturePool pool, bool straightAlpha)
    {
        ArgumentNullException.ThrowIfNull(compositor);
        ArgumentNullException.ThrowIfNull(pool);
        if (pool.Layout != PixelLayout.Rgba8 || pool.Width != compositor.Width || pool.Height != compositor.Height)
            throw new ArgumentException($"the readback fills {compositor.Width}×{compositor.Height} Rgba8 pictures, the pool holds {pool.Width}×{pool.Height} {pool.Layout}", nameof(pool));
        _compositor = compositor;
        Pool = pool;
        _straightAlpha = straightAlpha;
    }

    /// <summary>Where the pictures come from (its <see cref="PicturePool.FullFrameCopies"/> counts the copies).</summary>
    public PicturePool Pool { get; }

    /// <summary>Frames submitted that got no picture because every picture of the pool was still held by a sink.</summary>
    public long PoolExhausted { get; private set; }

    /// <summary>
    /// Submits the compositor's current frame as programme frame <paramref name="frameIndex"/> showing capture time
    /// <paramref name="time"/> (<paramref name="ingestTimestamp"/>: when its camera picture was ingested, 0 when it
    /// shows no new one) and returns the picture finished by now, holding one reference that the caller releases;
    /// null when there is none (every pool picture still held: the frame is lost and counted in
    /// <see cref="PoolExhausted"/>).
    /// </summary>
    /// <exception cref="GpuException">The GPU did not finish the frame within a second.</exception>
    public Picture? Submit(long frameIndex, Rational time, long ingestTimestamp)
    {
        _compositor.FlushGraphics();
        if (!Pool.TryRent(out Picture picture))
        {
            PoolExhausted++;
            return null;
        }
        try
        {
            ReadbackPool readback = _compositor.Readback;
            if (!readback.TryBegin(_compositor.Target, out int slot))
                throw new GpuException("no readback slot free: every slot is completed before the next frame");
            Span<byte> pixels = picture.Writable;
            if (!readback.TryComplete(slot, pixels, TimeSpan.FromSeconds(1)))
                throw new GpuException("the GPU did not finish the picture within 1 s");
            Pool.CountCopy();
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
        return picture;
    }

    /// <summary>The picture still in flight at the end of a run, or null (none with this readback).</summary>
    public Picture? Flush() => null;
}
