using System.Numerics;
using System.Runtime.InteropServices;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer.Text;

namespace Broadcast3D.Renderer.Passes;

/// <summary>
/// 2D graphics in target pixels (origin top-left): solid rectangles, lines at any angle, images and text, queued and drawn in order
/// by <see cref="Flush"/>. Quads go to one storage buffer sized at creation; consecutive quads sharing a texture
/// are one draw call. Text is shaped by HarfBuzz and drawn from a FreeType glyph atlas keyed by glyph id;
/// coverage is linear alpha.
/// </summary>
internal sealed class GraphicsPass : IDisposable
{
    private readonly GpuDevice _device;
    private readonly GpuProgram _program;
    private readonly GpuBuffer _buffer;
    private readonly Quad[] _quads;
    private readonly List<(GpuTexture? Image, int Start, int Count)> _batches = [];
    private int _count;

    public GraphicsPass(GpuDevice device, int maxQuads, int atlasSize)
    {
        _device = device;
        _program = device.CreateGraphicsProgram("quad.vert", "quad.frag");
        _quads = new Quad[maxQuads];
        _buffer = device.CreateBuffer(new BufferDescription(maxQuads * Marshal.SizeOf<Quad>(), BufferUsage.Dynamic));
        Atlas = new GlyphAtlas(device, atlasSize);
    }

    public GlyphAtlas Atlas { get; }

    /// <summary>Quads dropped because the buffer was full (counted, never thrown).</summary>
    public int DroppedQuads { get; private set; }

    public void FillRectangle(Vector4 rect, Vector4 color) => Add(null, new Quad(rect, Vector4.Zero, color, Vector4.Zero));

    /// <summary>A line <paramref name="width"/> pixels wide from <paramref name="from"/> to <paramref name="to"/> (target pixels), square ends.</summary>
    public void DrawLine(Vector2 from, Vector2 to, float width, Vector4 color) =>
        Add(null, new Quad(new Vector4(from, to.X, to.Y), new Vector4(width, 0, 0, 0), color, new Vector4(3, 0, 0, 0)));

    public void DrawImage(GpuTexture image, Vector4 rect, float opacity) =>
        Add(image, new Quad(rect, new Vector4(0, 0, 1, 1), new Vector4(1, 1, 1, opacity), new Vector4(1, 0, 0, 0)));

    /// <summary>
    /// Queues <paramref name="text"/>, shaped by HarfBuzz (cached per string), with its baseline starting at (x, y);
    /// returns the advance in pixels. Glyphs are laid out in visual order (right-to-left runs reversed).
    /// </summary>
    public float DrawText(FontFace font, string text, float x, float y, Vector4 color)
    {
        float pen = x;
        float inv = 1f / Atlas.Size;
        IReadOnlyList<ShapedGlyph> glyphs = font.Shape(text).Glyphs;
        for (int i = 0; i < glyphs.Count; i++)
        {
            ShapedGlyph shaped = glyphs[i];
            if (Atlas.Get(font, shaped.GlyphId) is { Width: > 0 } glyph)
            {
                // Glyph quads snap to whole pixels so coverage maps 1:1 onto the target (crisp text); HarfBuzz's
                // offsets (marks, y up) move the glyph from the pen.
                var rect = new Vector4(MathF.Round(pen + shaped.OffsetX) + glyph.Left, MathF.Round(y - shaped.OffsetY) - glyph.Top, glyph.Width, glyph.Height);
                var uv = new Vector4(glyph.X * inv, glyph.Y * inv, (glyph.X + glyph.Width) * inv, (glyph.Y + glyph.Height) * inv);
                Add(null, new Quad(rect, uv, color, new Vector4(2, 0, 0, 0)));
            }
            pen += shaped.Advance;
        }
        return pen - x;
    }

    /// <summary>Shapes <paramref name="text"/> and puts its glyphs into the atlas, drawing nothing (see <see cref="Compositor.PrepareText"/>).</summary>
    public void Prepare(FontFace font, string text)
    {
        IReadOnlyList<ShapedGlyph> glyphs = font.Shape(text).Glyphs;
        for (int i = 0; i < glyphs.Count; i++)
            Atlas.Get(font, glyphs[i].GlyphId);
    }

    /// <summary>Width in pixels of <paramref name="text"/> as shaped (kerning included).</summary>
    public static float Measure(FontFace font, string text) => font.Shape(text).Width;

    public void Flush(int targetWidth, int targetHeight)
    {
        if (_count == 0)
            return;
        _buffer.Update<Quad>(_quads.AsSpan(0, _count));
        _program.SetVector2("targetSize", new Vector2(targetWidth, targetHeight));
        _device.BindStorageBuffer(0, _buffer);
        _device.BindTexture(0, Atlas.Texture);
        _device.SetBlend(BlendMode.PremultipliedOver);
        _device.SetDepth(test: false, write: false);
        foreach ((GpuTexture? image, int start, int count) in _batches)
        {
            if (image != null)
                _device.BindTexture(1, image);
            _program.SetInt("quadOffset", start);
            _device.Draw(_program, PrimitiveTopology.Triangles, 6, count);
        }
        _batches.Clear();
        _count = 0;
    }

    private void Add(GpuTexture? image, in Quad quad)
    {
        if (_count == _quads.Length)
        {
            DroppedQuads++;
            return;
        }
        _quads[_count] = quad;
        if (_batches.Count > 0 && ReferenceEquals(_batches[^1].Image, image))
            _batches[^1] = (_batches[^1].Image, _batches[^1].Start, _batches[^1].Count + 1);
        else
            _batches.Add((image, _count, 1));
        _count++;
    }

    public void Dispose()
    {
        _program.Dispose();
        _buffer.Dispose();
        Atlas.Dispose();
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Quad(Vector4 Rect, Vector4 Uv, Vector4 Color, Vector4 Mode);
}
