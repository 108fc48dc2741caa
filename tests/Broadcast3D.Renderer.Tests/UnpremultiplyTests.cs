using Broadcast3D.Renderer;

namespace Broadcast3D.Renderer.Tests;

/// <summary>
/// <see cref="Compositor.Unpremultiply"/> (CPU only): the graphics layer's conversion to the straight alpha that NDI
/// BGRA and ProRes 4444 carry. Pictures mix long transparent and opaque runs (the vector path's shortcuts) with
/// partial alpha, and end off a vector boundary (the scalar remainder).
/// </summary>
public sealed class UnpremultiplyTests
{
    private const int Pixels = 4 * 1024 + 3;

    [Test]
    public void Unpremultiply_PremultipliedPicture_GivesStraightColourWithinRounding()
    {
        byte[] straight = StraightPicture();
        byte[] premultiplied = Premultiply(straight);
        byte[] back = new byte[premultiplied.Length];

        Compositor.Unpremultiply(premultiplied, back);

        for (int i = 0; i < back.Length; i += 4)
        {
            int a = straight[i + 3];
            Assert.That(back[i + 3], Is.EqualTo(a), $"alpha of pixel {i / 4}");
            for (int c = 0; c < 3; c++)
            {
                if (a == 0)
                {
                    Assert.That(back[i + c], Is.Zero, $"transparent pixel {i / 4} has no colour");
                    continue;
                }
                // Premultiplying rounds by up to half a code, which dividing by alpha/255 scales up, plus the
                // division's own half code.
                int bound = (int)Math.Ceiling((127.5 / a) + 0.5);
                Assert.That(Math.Abs(back[i + c] - straight[i + c]), Is.LessThanOrEqualTo(bound), $"channel {c} of pixel {i / 4} (alpha {a})");
            }
        }
    }

    [Test]
    public void Unpremultiply_InPlace_SameAsIntoAnotherBuffer()
    {
        byte[] premultiplied = Premultiply(StraightPicture());
        byte[] copy = new byte[premultiplied.Length];
        Compositor.Unpremultiply(premultiplied, copy);

        Compositor.Unpremultiply(premultiplied, premultiplied);

        Assert.That(premultiplied, Is.EqualTo(copy));
    }

    [Test]
    public void Unpremultiply_LengthNotWholePixels_Throws() =>
        Assert.That(() => Compositor.Unpremultiply(new byte[6], new byte[6]), Throws.ArgumentException);

    /// <summary>Random colours; alpha in runs of 0, of 255 and of random values, 1–40 pixels long (seeded).</summary>
    private static byte[] StraightPicture()
    {
        var random = new Random(7);
        byte[] pixels = new byte[Pixels * 4];
        random.NextBytes(pixels);
        for (int p = 0; p < Pixels;)
        {
            int run = random.Next(1, 41), kind = random.Next(3);
            for (int end = Math.Min(Pixels, p + run); p < end; p++)
                pixels[(p * 4) + 3] = kind switch { 0 => 0, 1 => 255, _ => (byte)random.Next(1, 255) };
        }
        return pixels;
    }

    /// <summary>What the compositor's premultiplied target holds for these straight pixels: colour × alpha, rounded.</summary>
    private static byte[] Premultiply(byte[] straight)
    {
        byte[] result = new byte[straight.Length];
        for (int i = 0; i < straight.Length; i += 4)
        {
            int a = straight[i + 3];
            for (int c = 0; c < 3; c++)
                result[i + c] = (byte)(((straight[i + c] * a) + 127) / 255);
            result[i + 3] = (byte)a;
        }
        return result;
    }
}
