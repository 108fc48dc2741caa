using System.Numerics;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Time;
using Broadcast3D.Gpu;
using Broadcast3D.Media;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Passes;

namespace Broadcast3D.Engine.Rendering;

/// <summary>
/// One camera picture on the GPU, as a view's plate (and one slot of the channel's delay line): the decoded planes
/// uploaded as they are (yuv420p, yuvj420p and nv12 into a <see cref="VideoPlate"/>, converted to RGB in the shader
/// with the stream's matrix and range; rgba into an RGBA texture), with the capture time it shows and when it was
/// ingested. Textures are made on the first picture and again only when the camera's size or format changes (a
/// reconnect). Owned by the device's thread (the channel's).
/// </summary>
public sealed class PlateSlot : IDisposable
{
    private VideoPlate? _plate;
    private GpuTexture? _rgba;

    /// <summary>False until a picture was uploaded, and after <see cref="Clear"/>: the view shows black.</summary>
    public bool HasPicture { get; private set; }

    /// <summary>Width of the picture held, pixels (the camera's size; the view scales it).</summary>
    public int Width { get; private set; }

    /// <summary>Height of the picture held, pixels.</summary>
    public int Height { get; private set; }

    /// <summary>Capture time of the picture, seconds on the sync time line.</summary>
    public Rational Time { get; private set; }

    /// <summary>Stopwatch ticks when its frame set left the sync stage (0 when none).</summary>
    public long IngestTimestamp { get; private set; }

    /// <summary>
    /// Timeline segment of the picture (<see cref="Sync.FrameSet.Segment"/>), set by the caller with each upload: the
    /// skeletons drawn over it are interpolated only between tracking results of the same segment.
    /// </summary>
    public long Segment { get; set; }

    /// <summary>Index of the camera the picture is from (set by the caller with each upload; a cut changes it).</summary>
    public int Camera { get; set; }

    /// <summary>How many programme cuts had been taken when the picture went into the delay line (set by the caller).</summary>
    public long Cut { get; set; }

    /// <summary>Holds no picture (black) from now on.</summary>
    public void Clear()
    {
        HasPicture = false;
        IngestTimestamp = 0;
    }

    /// <summary>
    /// Uploads <paramref name="frame"/>'s planes (the caller keeps its reference), which shows capture time
    /// <paramref name="time"/> and left the sync stage at <paramref name="ingestTimestamp"/>.
    /// </summary>
    /// <exception cref="MediaException">A pixel format the plate does not take, or a 4:2:0 picture of odd size (says which).</exception>
    public void Upload(GpuDevice device, VideoFrame frame, Rational time, long ingestTimestamp)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Upload(device, frame.AsPlanes(), time, ingestTimestamp);
    }

    /// <summary>
    /// Uploads <paramref name="planes"/> (the caller keeps them), e.g. a synthetic picture that makes the slot's
    /// textures before the clock starts; as <see cref="Upload(GpuDevice, VideoFrame, Rational, long)"/> otherwise.
    /// </summary>
    /// <exception cref="MediaException">A pixel layout the plate does not take, or a 4:2:0 picture of odd size (says which).</exception>
    public void Upload(GpuDevice device, ImagePlanes planes, Rational time, long ingestTimestamp)
    {
        ArgumentNullException.ThrowIfNull(device);
        switch (planes.Layout)
        {
            case PixelLayout.Rgba8:
                if (_rgba is null || _rgba.Width != planes.Width || _rgba.Height != planes.Height)
                {
                    _rgba?.Dispose();
                    _rgba = device.CreateTexture(new TextureDescription(planes.Width, planes.Height, TextureFormat.Rgba8));
                }
                _rgba.Upload(planes.Plane0.Span, planes.Stride0, 0, 0, planes.Width, planes.Height);
                break;
            case PixelLayout.Yuv420P or PixelLayout.Nv12:
                if (planes.Width % 2 != 0 || planes.Height % 2 != 0)
                    throw new MediaException($"the GPU plate takes 4:2:0 pictures of even size, this camera's are {planes.Width}×{planes.Height}");
                VideoPlateFormat format = planes.Layout == PixelLayout.Nv12 ? VideoPlateFormat.Nv12 : VideoPlateFormat.Yuv420P;
                // No full-range BT.601 plate: such sources (MJPEG webcams) are shown with the BT.709 full-range
                // matrix, a small hue shift rather than crushed blacks.
                YuvColorSpace space = planes.FullRange ? YuvColorSpace.Bt709Full
                    : planes.Matrix == YuvMatrix.Bt601 ? YuvColorSpace.Bt601Limited : YuvColorSpace.Bt709Limited;
                if (_plate is null || _plate.Width != planes.Width || _plate.Height != planes.Height || _plate.Format != format || _plate.ColorSpace != space)
                {
                    _plate?.Dispose();
                    _plate = new VideoPlate(device, planes.Width, planes.Height, format, space);
                }
                if (format == VideoPlateFormat.Nv12)
                    _plate.UploadNv12(planes.Plane0.Span, planes.Stride0, planes.Plane1.Span, planes.Stride1);
                else
                    _plate.UploadYuv420P(planes.Plane0.Span, planes.Stride0, planes.Plane1.Span, planes.Stride1, planes.Plane2.Span, planes.Stride2);
                break;
            default:
                throw new MediaException($"the GPU plate takes yuv420p, nv12 or rgba pictures, this camera decodes to {planes.Layout}");
        }
        Layout = planes.Layout;
        (Width, Height) = (planes.Width, planes.Height);
        Time = time;
        IngestTimestamp = ingestTimestamp;
        HasPicture = true;
    }

    /// <summary>
    /// Draws the picture over the whole of <paramref name="compositor"/>'s frame, scaled to it (opaque); nothing when
    /// it holds none. <paramref name="blur"/>: rectangles (x, y, width, height in the picture's pixels) blurred
    /// on the GPU, people who must not be recognisable (issue #21); an RGBA camera's are covered grey instead (its
    /// picture is drawn as an image, which has no blurring shader).
    /// </summary>
    public void Draw(Compositor compositor, ReadOnlySpan<Vector4> blur = default)
    {
        ArgumentNullException.ThrowIfNull(compositor);
        if (!HasPicture)
            return;
        if (Layout == PixelLayout.Rgba8)
        {
            compositor.DrawImage(_rgba!, 0, 0, compositor.Width, compositor.Height);
            float sx = compositor.Width / (float)Width, sy = compositor.Height / (float)Height;
            foreach (Vector4 r in blur)
                compositor.FillRectangle(r.X * sx, r.Y * sy, r.Z * sx, r.W * sy, new Vector4(0.5f, 0.5f, 0.5f, 1));
        }
        else
        {
            compositor.DrawPlate(_plate!, blur);
        }
    }

    public void Dispose()
    {
        _plate?.Dispose();
        _rgba?.Dispose();
    }

    private PixelLayout Layout { get; set; }
}
