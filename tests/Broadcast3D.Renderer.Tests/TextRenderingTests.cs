using System.Numerics;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Text;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Renderer.Tests;

/// <summary>Shaped labels drawn by the compositor on the GPU.</summary>
public sealed class TextRenderingTests : GpuTestBase
{
    private const int Width = 640, Height = 96, PixelSize = 40;

    [Test]
    public void DrawText_AvatarName_InkSpansTheShapedWidth()
    {
        const string Name = "AVATAR Wałęsa Ødegaard";
        using var compositor = new Compositor(Device, new CompositorDescription(Width, Height));
        using FontFace face = FontFace.OpenDefault(PixelSize);
        ShapedText shaped = face.Shape(Name);
        compositor.BeginFrame(Vector4.Zero);
        float advance = compositor.DrawText(Name, 10, 64, PixelSize, Vector4.One);
        byte[] rgba = new byte[Width * Height * 4];
        compositor.ReadRgba(rgba);

        int left = Width, right = -1;
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                if (rgba[(((y * Width) + x) * 4) + 3] > 0)
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                }
            }
        }
        // The ink starts at the pen plus the first glyph's bearing and ends near the pen plus the shaped width.
        GlyphBitmap first = face.Render(shaped.Glyphs[0].GlyphId);
        TestContext.Out.WriteLine($"advance {advance} px (shaped {shaped.Width}); ink x {left}..{right}");
        Assert.Multiple(() =>
        {
            Assert.That(advance, Is.EqualTo(shaped.Width).Within(1e-3), "the compositor draws the shaped string");
            Assert.That(left, Is.EqualTo(10 + first.Left).Within(1));
            Assert.That(right, Is.InRange(10 + shaped.Width - 8, 10 + shaped.Width + 2), "the last glyph ends at the shaped width (less its right bearing)");
        });
    }

    [Test]
    public void DrawText_RepeatedLabels_AllocatesNothing()
    {
        string[] labels = ["AVATAR Wałęsa Ødegaard", "ATHLETE 07", "שלום 07", "54.2 km/h", "x\u0301"];
        using var compositor = new Compositor(Device, new CompositorDescription(Width, Height));
        void Frame()
        {
            compositor.BeginFrame(Vector4.Zero);
            for (int i = 0; i < labels.Length; i++)
                compositor.DrawText(labels[i], 4, 20 + (i * 16), 14, Vector4.One, bold: (i & 1) == 0);
            compositor.FlushGraphics();
        }
        // The first frame opens the fonts, shapes each label once and fills the glyph atlas.
        Frame();
        Frame();
        long allocated = SteadyAllocation.Smallest(() =>
        {
            for (int f = 0; f < 20; f++)
                Frame();
        });
        Assert.That(allocated, Is.Zero, "bytes allocated by 20 frames of the same labels (smallest of three windows)");
    }
}
