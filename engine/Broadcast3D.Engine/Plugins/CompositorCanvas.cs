using System.Numerics;
using Broadcast3D.Gpu;
using Broadcast3D.Plugins;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Engine.Plugins;

/// <summary>
/// The SDK's drawing API on the GPU passes the hard-wired overlays used: world primitives become
/// <see cref="ScenePrimitive"/>s drawn in one <c>Compositor.DrawScene</c>
/// (so a skeleton is the same instances, the same pixels, as before), and 2D calls are queued and replayed over it
/// through the compositor's graphics pass (screen lines included). Fixed pools sized at creation; what does not fit is counted in
/// <see cref="Dropped"/>. <see cref="Mark"/>/<see cref="Rollback"/> take back what a failing plugin drew. Channel thread.
/// </summary>
internal sealed class CompositorCanvas : IOverlayCanvas
{
    private readonly ScenePrimitive[] _primitives;
    private readonly CanvasOp[] _ops;
    private readonly Dictionary<OverlayImage, GpuTexture> _images;
    private int _primitiveCount, _opCount;
    private Compositor? _compositor;
    private RenderCamera? _camera;

    /// <param name="maxPrimitives">3D primitives per view (the compositor's instance pool holds as many).</param>
    /// <param name="maxOps">2D drawings per view.</param>
    /// <param name="images">Textures of the plugins' images, owned by the host.</param>
    public CompositorCanvas(int maxPrimitives, int maxOps, Dictionary<OverlayImage, GpuTexture> images)
    {
        _primitives = new ScenePrimitive[maxPrimitives];
        _ops = new CanvasOp[maxOps];
        _images = images;
    }

    /// <summary>Primitives and 2D drawings that did not fit, over the canvas's life.</summary>
    public long Dropped { get; private set; }

    public int Width => Compositor.Width;

    public int Height => Compositor.Height;

    private Compositor Compositor => _compositor ?? throw new InvalidOperationException("the canvas draws only during a plugin's Draw");

    private RenderCamera Camera => _camera!;

    /// <summary>Starts a view: what is drawn goes to <paramref name="compositor"/> through <paramref name="camera"/> at <see cref="End"/>.</summary>
    public void Begin(Compositor compositor, RenderCamera camera)
    {
        (_compositor, _camera) = (compositor, camera);
        _primitiveCount = _opCount = 0;
    }

    /// <summary>Draws the view: all 3D, then the 2D in call order.</summary>
    public void End()
    {
        Compositor compositor = Compositor;
        if (_primitiveCount > 0)
            compositor.DrawScene(Camera, _primitives.AsSpan(0, _primitiveCount));
        for (int i = 0; i < _opCount; i++)
        {
            ref readonly CanvasOp op = ref _ops[i];
            switch (op.Kind)
            {
                case CanvasOpKind.Rectangle:
                    compositor.FillRectangle(op.Rect.X, op.Rect.Y, op.Rect.Z, op.Rect.W, op.Colour);
                    break;
                case CanvasOpKind.Text:
                    compositor.DrawText(op.Text!, op.Rect.X, op.Rect.Y, op.PixelSize, op.Colour, op.Bold);
                    break;
                case CanvasOpKind.Label:
                    compositor.DrawLabel(Camera, op.World, op.Text!, op.PixelSize, op.Colour, op.Box, op.Offset);
                    break;
                case CanvasOpKind.Line:
                    compositor.DrawLine(new Vector2(op.Rect.X, op.Rect.Y), new Vector2(op.Rect.Z, op.Rect.W), op.Offset.X, op.Colour);
                    break;
                case CanvasOpKind.Image:
                    compositor.DrawImage(Texture(op.Image!), op.Rect.X, op.Rect.Y, op.Rect.Z, op.Rect.W, op.Colour.W);
                    break;
            }
        }
        _ops.AsSpan(0, _opCount).Clear(); // no string or image kept alive by a stale slot
        _primitiveCount = _opCount = 0;
        (_compositor, _camera) = (null, null);
    }

    /// <summary>What is drawn so far, to take back with <see cref="Rollback"/>.</summary>
    public (int Primitives, int Ops) Mark() => (_primitiveCount, _opCount);

    /// <summary>Forgets what was drawn after <paramref name="mark"/> (a plugin that threw half-way).</summary>
    public void Rollback((int Primitives, int Ops) mark) => (_primitiveCount, _opCount) = mark;

    public bool TryProject(Vector3 world, out Vector2 pixel)
    {
        pixel = default;
        if (!ScenePerson.IsFinite(world))
            return false;
        (Vector2 image, float depth) = Camera.Project(world);
        if (depth <= Camera.NearMetres)
            return false;
        // Camera image pixels → output pixels (centres at integers in both), as the compositor's labels.
        pixel = new Vector2(((image.X + 0.5f) * Width / Camera.ImageWidth) - 0.5f, ((image.Y + 0.5f) * Height / Camera.ImageHeight) - 0.5f);
        return true;
    }

    public void Line(Vector3 from, Vector3 to, Vector4 colour, float widthPixels) =>
        Add(ScenePrimitive.Ribbon(from, to, widthPixels, colour, colour.W));

    public void Polyline(ReadOnlySpan<Vector3> points, Vector4 colour, float widthPixels, bool fadeIn = false)
    {
        int last = points.Length - 1;
        for (int i = 1; i <= last; i++)
        {
            // The fade runs over the whole list, skipped points included, so a gap does not reset it.
            float start = fadeIn ? (float)(i - 1) / last : 1, end = fadeIn ? (float)i / last : 1;
            Add(ScenePrimitive.Ribbon(points[i - 1], points[i], widthPixels, colour with { W = colour.W * start }, colour.W * end));
        }
    }

    public void Capsule(Vector3 from, Vector3 to, float radiusMetres, Vector4 colour, bool roundEnds = true)
    {
        Add(ScenePrimitive.Cylinder(from, to, radiusMetres, colour));
        if (roundEnds)
        {
            Add(ScenePrimitive.Sphere(from, radiusMetres, colour));
            Add(ScenePrimitive.Sphere(to, radiusMetres, colour));
        }
    }

    public void Ball(Vector3 centre, float radiusMetres, Vector4 colour) => Add(ScenePrimitive.Sphere(centre, radiusMetres, colour));

    public void Dot(Vector3 centre, float sizePixels, Vector4 colour) => Add(ScenePrimitive.Marker(centre, sizePixels, colour));

    public void Rectangle(float x, float y, float width, float height, Vector4 colour) =>
        Queue(new CanvasOp(CanvasOpKind.Rectangle, new Vector4(x, y, width, height), colour, default, null, 0, false, default, default, null));

    public void ScreenLine(Vector2 from, Vector2 to, Vector4 colour, float widthPixels)
    {
        // The SDK's pixel centres are at integers, the compositor's at half-integers (pixel i spans i to i + 1).
        var half = new Vector2(0.5f);
        (Vector2 a, Vector2 b) = (from + half, to + half);
        Queue(new CanvasOp(CanvasOpKind.Line, new Vector4(a.X, a.Y, b.X, b.Y), colour, default, null, 0, false, default, new Vector2(widthPixels, 0), null));
    }

    public void ScreenPolyline(ReadOnlySpan<Vector2> points, Vector4 colour, float widthPixels, bool closed = false)
    {
        for (int i = 1; i < points.Length; i++)
            ScreenLine(points[i - 1], points[i], colour, widthPixels);
        if (closed && points.Length > 2)
            ScreenLine(points[^1], points[0], colour, widthPixels);
    }

    public float Text(string text, float x, float y, TextStyle style)
    {
        ArgumentNullException.ThrowIfNull(text);
        Queue(new CanvasOp(CanvasOpKind.Text, new Vector4(x, y, 0, 0), style.Colour, default, text, style.PixelSize, style.Bold, default, default, null));
        return Compositor.MeasureText(text, style.PixelSize, style.Bold);
    }

    public void Label(Vector3 world, string text, TextStyle style, Vector2 offsetPixels)
    {
        ArgumentNullException.ThrowIfNull(text);
        Queue(new CanvasOp(CanvasOpKind.Label, default, style.Colour, style.Box, text, style.PixelSize, true, world, offsetPixels, null));
    }

    public float MeasureText(string text, TextStyle style)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Compositor.MeasureText(text, style.PixelSize, style.Bold);
    }

    public void PrepareText(string text, TextStyle style)
    {
        ArgumentNullException.ThrowIfNull(text);
        Compositor.PrepareText(text, style.PixelSize, style.Bold);
    }

    public void Image(OverlayImage image, float x, float y, float width, float height, float opacity = 1)
    {
        ArgumentNullException.ThrowIfNull(image);
        Queue(new CanvasOp(CanvasOpKind.Image, new Vector4(x, y, width, height), new Vector4(1, 1, 1, opacity), default, null, 0, false, default, default, image));
    }

    private GpuTexture Texture(OverlayImage image)
    {
        if (!_images.TryGetValue(image, out GpuTexture? texture))
            _images[image] = texture = Compositor.CreateImage(image.Width, image.Height, image.Pixels);
        return texture;
    }

    private void Add(in ScenePrimitive primitive)
    {
        if (_primitiveCount == _primitives.Length)
        {
            Dropped++;
            return;
        }
        _primitives[_primitiveCount++] = primitive;
    }

    private void Queue(in CanvasOp op)
    {
        if (_opCount == _ops.Length)
        {
            Dropped++;
            return;
        }
        _ops[_opCount++] = op;
    }
}
