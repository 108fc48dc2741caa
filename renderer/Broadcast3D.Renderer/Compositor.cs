using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Broadcast3D.Core.Meshes;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer.Views;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.Renderer.Text;

namespace Broadcast3D.Renderer;

/// <summary>
/// Composites one broadcast picture per frame: <see cref="BeginFrame"/>, then in drawing order the video plate,
/// 3D overlays (skeletons, body capsules, trails) through a <see cref="RenderCamera"/>, and 2D graphics (text,
/// rectangles, images, labels, lower thirds), then read the result.
/// <para>Output convention (fill + key): the target holds <b>premultiplied</b> RGBA, every pass blending with
/// Porter-Duff "over". Read it as one RGBA image (<see cref="ReadRgba"/>), or split into fill = premultiplied RGB
/// (opaque) and key = alpha as grey (opaque) with <see cref="SplitFillKey"/>, for a downstream keyer set to
/// "premultiplied"/"shaped" fill. With a plate the key is white everywhere; graphics-only frames (cleared to
/// transparent) give the graphics' own key.</para>
/// All resources are sized at creation; nothing is allocated per frame except first-use glyphs. Owned by the
/// device's thread, like the device.
/// </summary>
public sealed class Compositor : IDisposable
{
    private readonly GpuDevice _device;
    private readonly GpuTexture _color, _depth;
    private readonly GpuFramebuffer _target;
    private readonly VideoPlatePass _plate;
    // Only when asked for: the live and offline channels read their pictures back through ProgramReadback, and three
    // unused RGBA slots were three full frames of GPU-mapped memory per view.
    private readonly ReadbackPool? _readback;
    private readonly Scene3DPass _scene;
    private readonly GraphicsPass _graphics;
    // Made on the first DrawGround: only virtual-camera views draw a floor, and every other view would compile its shaders for nothing.
    private GroundPass? _ground;
    // Made on the first mesh drawn or shadowed: most views never draw one.
    private MeshPass? _meshes;
    private readonly Dictionary<(int Size, bool Bold), FontFace> _fonts = [];
    // BeginFrame's clear, done by the first thing that draws or reads: a video plate covers every pixel opaquely, so
    // under one only depth is cleared (on llvmpipe a 1080p colour clear is a few ms of a frame; docs/drawspeed.md).
    private Vector4 _clearColour;
    private bool _clearPending;

    /// <summary>Creates the output target and passes; throws <see cref="GpuException"/> (e.g. a size over the device limit).</summary>
    public Compositor(GpuDevice device, CompositorDescription description)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        Width = description.Width;
        Height = description.Height;
        _color = device.CreateTexture(new TextureDescription(Width, Height, TextureFormat.Rgba8));
        _depth = device.CreateTexture(new TextureDescription(Width, Height, TextureFormat.Depth32F));
        _target = device.CreateFramebuffer(_color, _depth);
        _plate = new VideoPlatePass(device);
        _scene = new Scene3DPass(device, description.MaxInstances);
        _graphics = new GraphicsPass(device, description.MaxQuads, description.GlyphAtlasSize);
        ArgumentOutOfRangeException.ThrowIfNegative(description.ReadbackSlots, nameof(description.ReadbackSlots));
        if (description.ReadbackSlots > 0)
            _readback = new ReadbackPool(device, Width, Height, TextureFormat.Rgba8, description.ReadbackSlots);
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>The output texture (premultiplied RGBA), for encoders or previews that read it on the GPU.</summary>
    public GpuTexture Output
    {
        get
        {
            ApplyPendingClear();
            return _color;
        }
    }

    /// <summary>The output framebuffer (for <see cref="Readback"/>).</summary>
    public GpuFramebuffer Target
    {
        get
        {
            ApplyPendingClear();
            return _target;
        }
    }

    /// <summary>
    /// Asynchronous readback of finished frames (<see cref="CompositorDescription.ReadbackSlots"/> fixed slots).
    /// </summary>
    /// <exception cref="InvalidOperationException">The compositor was made with no readback slots (the default).</exception>
    public ReadbackPool Readback => _readback ?? throw new InvalidOperationException(
        $"this {Width}x{Height} compositor has no readback slots: set CompositorDescription.ReadbackSlots to read frames back through it");

    /// <summary>3D instances and 2D quads dropped in the last frame because a pool was full.</summary>
    public int DroppedPrimitives => _scene.DroppedInstances + _graphics.DroppedQuads + (_ground?.DroppedCasters ?? 0);

    /// <summary>
    /// Starts a frame: clears to <paramref name="premultipliedClear"/> (transparent black for a key-only frame). The
    /// clear is done by the first draw or read of the frame (<see cref="Output"/> and <see cref="Target"/> included), and
    /// its colour part not at all when that draw is a video plate, which covers it.
    /// </summary>
    public void BeginFrame(Vector4 premultipliedClear)
    {
        _device.SetRenderTarget(_target);
        _clearColour = premultipliedClear;
        _clearPending = true;
    }

    private void ApplyPendingClear()
    {
        if (!_clearPending)
            return;
        _clearPending = false;
        _device.SetRenderTarget(_target);
        _device.Clear(_clearColour);
    }

    /// <summary>
    /// Draws the video plate over the whole frame (opaque), blurring <paramref name="blur"/>: rectangles
    /// (x, y, width, height) in the plate's own pixels, e.g. people who did not consent to broadcast (issue #21);
    /// none: the plate exactly as it is.
    /// </summary>
    public void DrawPlate(VideoPlate plate, ReadOnlySpan<Vector4> blur = default)
    {
        ArgumentNullException.ThrowIfNull(plate);
        if (_clearPending)
        {
            _clearPending = false;
            _device.SetRenderTarget(_target);
            _device.ClearDepth();
        }
        FlushGraphics();
        _plate.Draw(plate, blur, _target);
    }

    /// <summary>Draws skeletons and trails through <paramref name="camera"/>, depth-tested among themselves.</summary>
    public void DrawScene(RenderCamera camera, ReadOnlySpan<SkeletonDrawing> skeletons, ReadOnlySpan<Trail> trails = default)
    {
        ArgumentNullException.ThrowIfNull(camera);
        FlushGraphics();
        _scene.Draw(camera, skeletons, trails, Width, Height);
    }

    /// <summary>
    /// Draws <paramref name="primitives"/> (world metres) through <paramref name="camera"/> in one pass: cylinders and
    /// spheres depth-tested among themselves, then markers and ribbons on top, each kind in list order.
    /// </summary>
    public void DrawScene(RenderCamera camera, ReadOnlySpan<ScenePrimitive> primitives)
    {
        ArgumentNullException.ThrowIfNull(camera);
        FlushGraphics();
        _scene.Draw(camera, primitives, Width, Height);
    }

    /// <summary>Shadow casters one <c>DrawGround</c> takes; more are dropped and counted in <see cref="DroppedPrimitives"/>.</summary>
    public const int MaxShadowCasters = 512;

    /// <summary>
    /// Draws <paramref name="ground"/> (a floor square, world metres) through <paramref name="camera"/> with the shadows
    /// of <paramref name="casters"/>, writing depth: call it before the bodies so they stand on it (a virtual camera's
    /// view). The casters' shadows are rasterised into a 2048² mask over the part of the floor they darken, which the
    /// floor samples once per pixel. The shaders are compiled on the first call.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The floor's size is not positive or its light does not point down.</exception>
    public void DrawGround(RenderCamera camera, in GroundPlane ground, ReadOnlySpan<ShadowCaster> casters) =>
        DrawGround(camera, ground, casters, []);

    /// <summary>
    /// Draws <paramref name="ground"/> as <see cref="DrawGround(RenderCamera, in GroundPlane, ReadOnlySpan{ShadowCaster})"/>
    /// does, with the shadows of <paramref name="meshes"/> too: their triangles flattened onto the floor along the
    /// light into a 512² mask over the floor square, so overlapping layers of a body darken the floor once (with a
    /// soft edge of a few centimetres). Draw the same meshes with <see cref="DrawMeshes"/> afterwards: they are
    /// uploaded once for both.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The floor's size is not positive or its light does not point down.</exception>
    /// <exception cref="ArgumentException">An entry of <paramref name="meshes"/> is null.</exception>
    public void DrawGround(RenderCamera camera, in GroundPlane ground, ReadOnlySpan<ShadowCaster> casters, ReadOnlySpan<AthleteMesh> meshes)
    {
        ArgumentNullException.ThrowIfNull(camera);
        if (!(ground.HalfSizeMetres > 0) || !(ground.LightDirection.Z < 0))
            throw new ArgumentOutOfRangeException(nameof(ground), $"a ground needs a positive size ({ground.HalfSizeMetres} m) and a light pointing down (z {ground.LightDirection.Z})");
        RequireMeshes(meshes);
        FlushGraphics();
        _ground ??= new GroundPass(_device, MaxShadowCasters);
        GpuTexture? meshShadow = null;
        if (!meshes.IsEmpty)
        {
            _meshes ??= new MeshPass(_device);
            _meshes.Upload(meshes);
            meshShadow = _meshes.DrawShadowMask(ground);
        }
        _ground.Draw(camera, ground, casters, meshShadow, _target);
    }

    /// <summary>
    /// Draws <paramref name="meshes"/> (issue #18: world metres, a colour per vertex) through <paramref name="camera"/>,
    /// depth-tested and writing depth, each vertex colour lit by a sun shining along <paramref name="lightDirection"/>
    /// (use the floor's, <see cref="GroundPlane.LightDirection"/>, so the lit side faces away from the shadow) over an
    /// ambient share; normals are computed from the triangles. The meshes are copied into buffers that only grow: after
    /// the largest frame, drawing allocates nothing. Triangles with a non-finite corner are skipped
    /// (<see cref="SkippedMeshTriangles"/>). The caller keeps the meshes; they are not held past the next upload.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lightDirection"/> is zero or not finite.</exception>
    /// <exception cref="ArgumentException">An entry of <paramref name="meshes"/> is null.</exception>
    public void DrawMeshes(RenderCamera camera, ReadOnlySpan<AthleteMesh> meshes, Vector3 lightDirection)
    {
        ArgumentNullException.ThrowIfNull(camera);
        if (!float.IsFinite(lightDirection.LengthSquared()) || lightDirection == Vector3.Zero)
            throw new ArgumentOutOfRangeException(nameof(lightDirection), $"the light's direction {lightDirection} must be a finite, non-zero vector (e.g. the ground's LightDirection)");
        RequireMeshes(meshes);
        if (meshes.IsEmpty)
            return;
        FlushGraphics();
        _meshes ??= new MeshPass(_device);
        _meshes.Upload(meshes);
        _meshes.Draw(camera, lightDirection);
    }

    /// <summary>Triangles of the last meshes drawn or shadowed that were skipped because a corner was not a finite point.</summary>
    public int SkippedMeshTriangles => _meshes?.SkippedTriangles ?? 0;

    /// <summary>
    /// Forgets the depth of everything drawn so far (the colour stays): what is drawn next lies on top, e.g. a skeleton
    /// over the athlete's mesh.
    /// </summary>
    public void ClearDepth()
    {
        FlushGraphics();
        _device.SetRenderTarget(_target);
        _device.ClearDepth();
    }

    private static void RequireMeshes(ReadOnlySpan<AthleteMesh> meshes)
    {
        for (int i = 0; i < meshes.Length; i++)
        {
            if (meshes[i] is null)
                throw new ArgumentException($"meshes[{i}] is null; pass only the meshes to draw", nameof(meshes));
        }
    }

    /// <summary>Queues a rectangle in output pixels (x, y, width, height), straight RGBA colour.</summary>
    public void FillRectangle(float x, float y, float width, float height, Vector4 color) =>
        _graphics.FillRectangle(new Vector4(x, y, width, height), color);

    /// <summary>
    /// Queues a straight line <paramref name="widthPixels"/> wide between two points in output pixels (edges: pixel
    /// (i, j) spans i to i + 1), with square ends half the width past each point; straight RGBA colour.
    /// </summary>
    public void DrawLine(Vector2 from, Vector2 to, float widthPixels, Vector4 color) => _graphics.DrawLine(from, to, widthPixels, color);

    /// <summary>Queues an image (a premultiplied RGBA8 texture) stretched to the rectangle.</summary>
    public void DrawImage(GpuTexture image, float x, float y, float width, float height, float opacity = 1f)
    {
        ArgumentNullException.ThrowIfNull(image);
        _graphics.DrawImage(image, new Vector4(x, y, width, height), opacity);
    }

    /// <summary>
    /// Creates a texture for <see cref="DrawImage"/> from <paramref name="premultipliedRgba"/> (rows top first, tightly
    /// packed). The caller owns it (dispose before the device). Device thread.
    /// </summary>
    public GpuTexture CreateImage(int width, int height, ReadOnlySpan<byte> premultipliedRgba)
    {
        if (premultipliedRgba.Length != width * height * 4)
            throw new ArgumentException($"a {width}x{height} RGBA image has {width * height * 4} bytes, not {premultipliedRgba.Length}", nameof(premultipliedRgba));
        GpuTexture texture = _device.CreateTexture(new TextureDescription(width, height, TextureFormat.Rgba8));
        texture.Upload(premultipliedRgba);
        return texture;
    }

    /// <summary>Queues text with its baseline starting at (x, y) in the default font; returns its width in pixels.</summary>
    public float DrawText(string text, float x, float y, int pixelSize, Vector4 color, bool bold = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _graphics.DrawText(Font(pixelSize, bold), text, x, y, color);
    }

    /// <summary>
    /// Shapes <paramref name="text"/> and rasterizes its glyphs into the atlas without drawing it, so the first frame
    /// that draws it allocates nothing (labels known in advance, warmed before the live clock starts). Device thread.
    /// </summary>
    public void PrepareText(string text, int pixelSize, bool bold = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        _graphics.Prepare(Font(pixelSize, bold), text);
    }

    /// <summary>Width in pixels of <paramref name="text"/> in the default font.</summary>
    public float MeasureText(string text, int pixelSize, bool bold = false) => GraphicsPass.Measure(Font(pixelSize, bold), text);

    /// <summary>
    /// A label: text on a translucent box whose bottom-left corner sits <paramref name="offsetPixels"/> from the
    /// projection of <paramref name="world"/> through <paramref name="camera"/> (skipped when behind the camera).
    /// </summary>
    public void DrawLabel(RenderCamera camera, Vector3 world, string text, int pixelSize, Vector4 textColor, Vector4 boxColor, Vector2 offsetPixels)
    {
        ArgumentNullException.ThrowIfNull(camera);
        (Vector2 pixel, float depth) = camera.Project(world);
        if (depth <= camera.NearMetres)
            return;
        // Camera image pixels → output pixels (centres at integers in both).
        var p = new Vector2(((pixel.X + 0.5f) * Width / camera.ImageWidth) - 0.5f, ((pixel.Y + 0.5f) * Height / camera.ImageHeight) - 0.5f) + offsetPixels;
        FontFace font = Font(pixelSize, bold: true);
        float pad = MathF.Ceiling(pixelSize * 0.3f);
        float width = GraphicsPass.Measure(font, text) + (2 * pad);
        float height = font.Ascender + font.Descender + (2 * pad);
        _graphics.FillRectangle(new Vector4(p.X, p.Y - height, width, height), boxColor);
        _graphics.DrawText(font, text, p.X + pad, p.Y - pad - font.Descender, textColor);
    }

    /// <summary>
    /// A lower third: a title bar with a coloured accent and a subtitle bar under it, at the bottom-left safe area
    /// (5 % margins of the output).
    /// </summary>
    public void DrawLowerThird(string title, string subtitle, Vector4 accent)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(subtitle);
        float unit = Height / 20f;
        int titleSize = Math.Max(8, (int)(unit * 0.9f)), subtitleSize = Math.Max(6, (int)(unit * 0.6f));
        FontFace titleFont = Font(titleSize, bold: true), subtitleFont = Font(subtitleSize, bold: false);
        float x = Width * 0.05f, bottom = Height * 0.95f;
        float pad = MathF.Ceiling(unit * 0.3f);
        float subtitleHeight = subtitleFont.Ascender + subtitleFont.Descender + (2 * pad);
        float titleHeight = titleFont.Ascender + titleFont.Descender + (2 * pad);
        float width = MathF.Max(GraphicsPass.Measure(titleFont, title), GraphicsPass.Measure(subtitleFont, subtitle)) + (3 * pad);
        float subtitleTop = bottom - subtitleHeight, titleTop = subtitleTop - titleHeight;
        _graphics.FillRectangle(new Vector4(x, titleTop, pad * 0.6f, titleHeight + subtitleHeight), accent);
        _graphics.FillRectangle(new Vector4(x + (pad * 0.6f), titleTop, width, titleHeight), new Vector4(0.05f, 0.07f, 0.12f, 0.85f));
        _graphics.FillRectangle(new Vector4(x + (pad * 0.6f), subtitleTop, width, subtitleHeight), new Vector4(0.9f, 0.92f, 0.95f, 0.85f));
        _graphics.DrawText(titleFont, title, x + (pad * 1.6f), titleTop + pad + titleFont.Ascender, new Vector4(1, 1, 1, 1));
        _graphics.DrawText(subtitleFont, subtitle, x + (pad * 1.6f), subtitleTop + pad + subtitleFont.Ascender, new Vector4(0.05f, 0.07f, 0.12f, 1));
    }

    /// <summary>Draws the queued 2D graphics (called by every other draw and by the readers; rarely needed directly).</summary>
    public void FlushGraphics()
    {
        ApplyPendingClear();
        _graphics.Flush(Width, Height);
    }

    /// <summary>Reads the finished frame: premultiplied RGBA rows, top first (synchronous; tests, tools, offline).</summary>
    public void ReadRgba(Span<byte> destination)
    {
        FlushGraphics();
        _target.ReadPixels(destination);
    }

    /// <summary>
    /// Splits premultiplied RGBA into an opaque fill (premultiplied RGB, alpha 255) and an opaque key (alpha as
    /// grey): the two signals of a fill + key output. Spans are tightly packed RGBA of equal length.
    /// </summary>
    public static void SplitFillKey(ReadOnlySpan<byte> premultipliedRgba, Span<byte> fill, Span<byte> key)
    {
        if (fill.Length < premultipliedRgba.Length || key.Length < premultipliedRgba.Length || premultipliedRgba.Length % 4 != 0)
            throw new ArgumentException("fill and key must be as long as the RGBA source, a multiple of 4 bytes");
        for (int i = 0; i < premultipliedRgba.Length; i += 4)
        {
            byte a = premultipliedRgba[i + 3];
            fill[i] = premultipliedRgba[i];
            fill[i + 1] = premultipliedRgba[i + 1];
            fill[i + 2] = premultipliedRgba[i + 2];
            fill[i + 3] = 255;
            key[i] = key[i + 1] = key[i + 2] = a;
            key[i + 3] = 255;
        }
    }

    /// <summary>
    /// Converts premultiplied 4-channel pixels (alpha last, colour channels in any order) to straight alpha, as
    /// PNG, NDI BGRA and FFmpeg's YUVA formats expect: colour = round(colour × 255 / alpha), capped at 255; fully
    /// transparent pixels become all zero. In place when both spans are the same memory. Allocates nothing.
    /// </summary>
    public static void Unpremultiply(ReadOnlySpan<byte> premultiplied, Span<byte> straight)
    {
        if (straight.Length < premultiplied.Length || premultiplied.Length % 4 != 0)
            throw new ArgumentException("straight must be as long as the premultiplied source, a multiple of 4 bytes");
        int done = 0; // pixels converted by the vector loop
        // A graphics layer is mostly fully transparent or fully opaque: whole vectors of such pixels are stored
        // as zero or copied, and only the anti-aliased edges take the division.
        if (Vector256.IsHardwareAccelerated && BitConverter.IsLittleEndian)
        {
            ReadOnlySpan<uint> source = MemoryMarshal.Cast<byte, uint>(premultiplied);
            ref uint src = ref MemoryMarshal.GetReference(source);
            ref uint dst = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, uint>(straight));
            Vector256<uint> opaque = Vector256.Create(255u);
            for (; done <= source.Length - Vector256<uint>.Count; done += Vector256<uint>.Count)
            {
                Vector256<uint> pixels = Vector256.LoadUnsafe(ref src, (nuint)done);
                Vector256<uint> alpha = Vector256.ShiftRightLogical(pixels, 24); // little-endian: alpha is the top byte
                if (alpha == Vector256<uint>.Zero)
                    Vector256<uint>.Zero.StoreUnsafe(ref dst, (nuint)done);
                else if (alpha == opaque)
                    pixels.StoreUnsafe(ref dst, (nuint)done);
                else
                    UnpremultiplyScalar(premultiplied.Slice(done * 4, Vector256<byte>.Count), straight.Slice(done * 4, Vector256<byte>.Count));
            }
        }
        UnpremultiplyScalar(premultiplied[(done * 4)..], straight[(done * 4)..]);
    }

    private static void UnpremultiplyScalar(ReadOnlySpan<byte> premultiplied, Span<byte> straight)
    {
        for (int i = 0; i < premultiplied.Length; i += 4)
        {
            int a = premultiplied[i + 3];
            for (int c = 0; c < 3; c++)
                straight[i + c] = a == 0 ? (byte)0 : (byte)Math.Min(255, ((premultiplied[i + c] * 255) + (a / 2)) / a);
            straight[i + 3] = (byte)a;
        }
    }

    private FontFace Font(int pixelSize, bool bold)
    {
        if (!_fonts.TryGetValue((pixelSize, bold), out FontFace? face))
        {
            face = FontFace.OpenDefault(pixelSize, bold);
            _fonts.Add((pixelSize, bold), face);
        }
        return face;
    }

    public void Dispose()
    {
        _readback?.Dispose();
        _graphics.Dispose();
        _ground?.Dispose();
        _meshes?.Dispose();
        _scene.Dispose();
        _plate.Dispose();
        _target.Dispose();
        _depth.Dispose();
        _color.Dispose();
        foreach (FontFace f in _fonts.Values)
            f.Dispose();
    }
}
