using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Masks;
using Broadcast3D.Tracking.Pose2D;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Engine.Tests.Privacy;

/// <summary>
/// A person's mask as blur regions (issue #21): the slices cover every pixel of the mask, dilated as stated, and
/// leave the box's pixels beside it; an empty mask gives no shape (the box is used). <c>b3d demo</c>'s pass-1 boxes
/// (<see cref="PersonBoxes"/>) carry the shapes too, so the demo blurs by the mask where the pose model gave one.
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

    [Test]
    public void PersonBoxes_PoseModelGaveAMask_DemoBlursItsSlicesAndTheOtherPersonsBox()
    {
        var mask = new PersonMask();
        mask.Set(ArmOut(), new Affine2D(0.5, 0, 60, 0, 0.5, 10), Width, Height);
        var poses = new CameraPoses(2, Pose2SimMarkers.Definition, 0);
        poses.Add(1, new PersonBox(70, 10, 160, 138, 0.9f), [], mask);
        poses.Add(2, new PersonBox(200, 20, 260, 140, 0.8f), []);
        var boxes = new PersonBoxes(frames: 3, cameras: 2);
        boxes.Store(1, 0, poses);

        ReadOnlySpan<float> shapes = boxes.Shapes(1, 0);
        Assert.That(shapes.Length, Is.EqualTo(2 * MaskShape.Floats), "one shape per box");
        Assert.That(MaskShape.IsMeasured(shapes[..MaskShape.Floats]), Is.True, "the masked person's shape");
        Assert.That(MaskShape.IsMeasured(shapes[MaskShape.Floats..]), Is.False, "no mask: the box stands for the person");
        Assert.That(boxes.Shapes(0, 0).Length, Is.Zero, "another frame set: nobody stored");

        // As the demo's picture pass selects them: nobody linked, so both are blurred; the masked one by its slices.
        Camera camera = CalibrationToml.Read(SharedAssets.CalibrationToml).Cameras[0];
        var blur = new BlurRegions(BlurMode.Untracked, Engine.Privacy.ConsentRegistry.Empty());
        Vector4[] regions = blur.Select(camera, boxes.Boxes(1, 0), null, shapes).ToArray();
        Assert.That(regions, Has.Length.EqualTo(MaskShape.Slices + 1), "six slices of the masked person, the other's padded box");
        Assert.That(regions.Any(r => 130 >= r.X && 130 <= r.X + r.Z && 100 >= r.Y && 100 <= r.Y + r.W), Is.False,
            "(130, 100): in the masked person's box beside the body, not blurred");
        Assert.That(regions.Any(r => 230 >= r.X && 230 <= r.X + r.Z && 80 >= r.Y && 80 <= r.Y + r.W), Is.True, "the unmasked person's box is blurred");
    }

    // The body column (image x 80–100) the full height and an arm (x 100–150) across the second sixth, as above.
    private static float[] ArmOut()
    {
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
        return probabilities;
    }
}
