using System.Numerics;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.Tracking.Masks;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Engine.Tests.Privacy;

/// <summary>
/// A person's mask as blur regions (issue #21): the slices cover every pixel of the mask, dilated as stated, and
/// leave the box's pixels beside it; an empty mask gives no shape (the box is used).
/// </summary>
public class MaskShapeTests
{
    private const int Width = 320, Height = 240;

    [Test]
    public void Measure_ArmOutToTheSide_SlicesFollowTheBodyAndLeaveTheBoxBesideIt()
    {
        // Tensor → image: x = 60 + u/2, y = 10 + v/2. The body is a column (image x 80–100) the full height, with an
        // arm (x 100–150) across the second sixth only.
        float[] probabilities = new float[PersonMask.Size * PersonMask.Size];
        for (int v = 0; v < PersonMask.Size; v++)
        {
            for (int u = 0; u < PersonMask.Size; u++)
            {
                double x = 60 + (u / 2.0), y = 10 + (v / 2.0);
                bool body = x is >= 80 and < 100, arm = x is >= 100 and < 150 && y is >= 35 and < 50;
                probabilities[(v * PersonMask.Size) + u] = body || arm ? 1 : 0;
            }
        }
        var mask = new PersonMask();
        mask.Set(probabilities, new Affine2D(0.5, 0, 60, 0, 0.5, 10), Width, Height);
        var box = new Vector4(70, 10, 90, 128);
        float[] shape = new float[MaskShape.Floats];

        Assert.That(MaskShape.Measure(mask, box, shape), Is.True);
        var regions = new Vector4[MaskShape.Slices];
        int n = MaskShape.Regions(shape, regions);

        Assert.That(n, Is.EqualTo(MaskShape.Slices), "the body crosses every slice");
        for (int y = 10; y < 138; y += 3)
        {
            for (int x = 70; x < 160; x += 3)
            {
                bool covered = regions.Take(n).Any(r => x >= r.X && x <= r.X + r.Z && y >= r.Y && y <= r.Y + r.W);
                if (mask.Contains(x, y))
                    Assert.That(covered, Is.True, $"mask pixel ({x}, {y}) is blurred");
            }
        }
        // Beside the body below the arm (fourth sixth and lower), inside the box: not blurred.
        Assert.That(regions.Take(n).Any(r => 130 >= r.X && 130 <= r.X + r.Z && 100 >= r.Y && 100 <= r.Y + r.W), Is.False,
            "(130, 100): in the box, beside the body, below the arm");
        float dilation = MaskShape.DilationFraction * (shape[1] - shape[0]);
        Assert.That(regions[^1].X, Is.EqualTo(80 - dilation).Within(2.5), "the legs' slice starts at the body's edge, dilated");
    }

    [Test]
    public void Measure_EmptyMask_NoShapeTheBoxIsUsed()
    {
        var mask = new PersonMask();
        mask.Set(new float[PersonMask.Size * PersonMask.Size], new Affine2D(0.5, 0, 60, 0, 0.5, 10), Width, Height);
        float[] shape = new float[MaskShape.Floats];

        Assert.That(MaskShape.Measure(mask, new Vector4(70, 10, 90, 128), shape), Is.False);
        Assert.That(MaskShape.IsMeasured(shape), Is.False);
        Assert.That(MaskShape.Regions(shape, new Vector4[MaskShape.Slices]), Is.Zero);
    }
}
