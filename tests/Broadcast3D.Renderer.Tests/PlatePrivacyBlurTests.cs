using System.Numerics;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Renderer.Tests;

/// <summary>
/// Privacy blur in the plate shader (issue #21): inside a region the picture loses its detail (Laplacian
/// variance falls below a tenth), outside it every byte is what the plate draws without regions, and no region is
/// the plate exactly.
/// </summary>
public sealed class PlatePrivacyBlurTests : GpuTestBase
{
    private const int W = 256, H = 256;

    [Test]
    public void DrawPlate_Region_DetailGoneInsideAndEveryPixelOutsideUnchanged()
    {
        using var plate = Checkerboard();
        byte[] plain = Draw(plate, []);
        var region = new Vector4(64, 96, 80, 100);
        byte[] blurred = Draw(plate, [region]);

        Assert.That(VideoPlatePass.PrivacyWindowPixels(H), Is.EqualTo(16f), "a 256-pixel plate gets the smallest window");
        double before = LaplacianVariance(plain, 64, 96, 80, 100), after = LaplacianVariance(blurred, 64, 96, 80, 100);
        Assert.That(before, Is.GreaterThan(1000), "the test picture is detailed");
        Assert.That(after / before, Is.LessThan(0.1), $"Laplacian variance {before:0} → {after:0}");
        int changedOutside = 0;
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                bool inside = x >= 64 && x < 144 && y >= 96 && y < 196;
                if (!inside && !plain.AsSpan(((y * W) + x) * 4, 4).SequenceEqual(blurred.AsSpan(((y * W) + x) * 4, 4)))
                    changedOutside++;
            }
        }
        Assert.That(changedOutside, Is.Zero, "pixels outside the region");
    }

    [Test]
    public void DrawPlate_StackedOverlappingSlices_BlurredAsOneRegion()
    {
        // A person's mask as slices (Engine's MaskShape): six rectangles one above the other, each overlapping the next
        // and starting inside a pixel row, which the next region's scissor then includes: that edge row must stay
        // blurred (it was drawn sharp again by the next region's pass once).
        using var plate = Checkerboard();
        byte[] plain = Draw(plate, []);
        Vector4[] slices = [.. Enumerable.Range(0, 6).Select(s => new Vector4(64.8f, 37.8f + (s * 20), 40, 26))];
        byte[] blurred = Draw(plate, slices);

        // Row by row: one sharp row among a hundred would pass a measure over the whole block.
        for (int y = 40; y < 158; y++)
        {
            double before = LaplacianVariance(plain, 66, y - 1, 36, 3), after = LaplacianVariance(blurred, 66, y - 1, 36, 3);
            Assert.That(after / before, Is.LessThan(0.1), $"row {y}: Laplacian variance {before:0} → {after:0}");
        }
    }

    [Test]
    public void DrawPlate_NoRegion_SameBytesAsWithoutTheArgument()
    {
        using var plate = Checkerboard();
        using var compositor = new Compositor(Device, new CompositorDescription(W, H) { ReadbackSlots = 1 });
        compositor.BeginFrame(Vector4.Zero);
        compositor.DrawPlate(plate);
        byte[] without = new byte[W * H * 4];
        compositor.ReadRgba(without);

        Assert.That(Draw(plate, []), Is.EqualTo(without));
    }

    [Test]
    public void DrawPlate_MoreRegionsThanTheShaderHolds_TheRestStillBlurred()
    {
        using var plate = Checkerboard();
        byte[] plain = Draw(plate, []);
        var regions = new Vector4[VideoPlatePass.MaxPrivacyRegions + 2];
        for (int i = 0; i < regions.Length; i++)
            regions[i] = new Vector4(i * 12, 0, 12, 32);
        byte[] blurred = Draw(plate, regions);

        // The last two regions (beyond the shader's array) are merged into the last slot's rectangle.
        int lastX = (regions.Length - 1) * 12;
        double before = LaplacianVariance(plain, lastX, 0, 12, 32), after = LaplacianVariance(blurred, lastX, 0, 12, 32);
        Assert.That(after / before, Is.LessThan(0.1));
    }

    [Test]
    public void DrawPlate_OnePixelCheckerboard_BlursToItsMeanWithoutAliasing()
    {
        // 1080 rows: blocks of 7 pixels (odd), the blur's coarsest sampling. A pattern finer than the blocks must
        // come out flat at its mean (120); sampling the blocks at points would turn it into stripes or moiré.
        const int width = 256, height = 1080;
        byte[] y = new byte[width * height], c = new byte[width * height / 4];
        for (int row = 0; row < height; row++)
            for (int col = 0; col < width; col++)
                y[(row * width) + col] = (byte)((row + col) % 2 == 0 ? 40 : 200);
        Array.Fill(c, (byte)128);
        using var plate = new VideoPlate(Device, width, height, VideoPlateFormat.Yuv420P);
        plate.UploadYuv420P(y, width, c, width / 2, c, width / 2);
        byte[] blurred = Draw(plate, [new Vector4(32, 300, 192, 400)], width, height);

        Assert.That(VideoPlatePass.PrivacyBlockPixels(height), Is.EqualTo(7));
        int lowest = 255, highest = 0;
        for (int row = 310; row < 690; row++)
        {
            for (int col = 42; col < 214; col++)
            {
                int g = blurred[((row * width) + col) * 4 + 1];
                lowest = Math.Min(lowest, g);
                highest = Math.Max(highest, g);
            }
        }
        // Limited-range Y' 120 → (120 − 16) × 255/219 = 121.
        Assert.That(highest - lowest, Is.LessThanOrEqualTo(2), $"green {lowest}..{highest} inside the region");
        Assert.That(lowest, Is.InRange(119, 123));
    }

    private byte[] Draw(VideoPlate plate, Vector4[] regions, int width = W, int height = H)
    {
        using var compositor = new Compositor(Device, new CompositorDescription(width, height) { ReadbackSlots = 1 });
        compositor.BeginFrame(Vector4.Zero);
        compositor.DrawPlate(plate, regions);
        byte[] rgba = new byte[width * height * 4];
        compositor.ReadRgba(rgba);
        return rgba;
    }

    // A 2-pixel checkerboard with a diagonal ramp: fine detail everywhere, as hair and faces have.
    private VideoPlate Checkerboard()
    {
        byte[] y = new byte[W * H], c = new byte[W * H / 4];
        for (int row = 0; row < H; row++)
            for (int col = 0; col < W; col++)
                y[(row * W) + col] = (byte)((((row / 2) + (col / 2)) % 2 == 0 ? 40 : 200) + ((row + col) % 16));
        Array.Fill(c, (byte)128);
        var plate = new VideoPlate(Device, W, H, VideoPlateFormat.Yuv420P);
        plate.UploadYuv420P(y, W, c, W / 2, c, W / 2);
        return plate;
    }

    private static double LaplacianVariance(byte[] rgba, int x0, int y0, int width, int height) =>
        Sharpness.LaplacianVariance(rgba, W * 4, 4, 1, x0 + 1, y0 + 1, x0 + width - 2, y0 + height - 2);
}
