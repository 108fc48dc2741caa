using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Views;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Renderer.Tests;

/// <summary>
/// The renderer draws the Balancing trial's reference 3D where the CPU camera model (with lens distortion)
/// projects it: each joint is drawn as a 3×3 px marker in a colour of its own at the calibration resolution, and
/// the centroid of its pixels must be within 1 px of <see cref="Camera.Project"/>.
/// </summary>
public sealed class CalibratedProjectionTests : GpuTestBase
{
    private const double TolerancePixels = 1.0;

    [TestCase(0)]
    [TestCase(50)]
    [TestCase(99)]
    public void DrawScene_BalancingReference3D_JointPixelsMatchCpuProjection(int frame)
    {
        CameraRig calibration = CalibrationToml.Read(SharedAssets.CalibrationToml);
        (Vector3[] joints, IReadOnlyList<string> names) = BalancingReference.Joints(frame);
        int markers = joints.Length;

        double worst = 0;
        int checkedJoints = 0;
        foreach (Camera camera in calibration.Cameras)
        {
            using var compositor = new Compositor(Device, new CompositorDescription(camera.ImageWidth, camera.ImageHeight) { ReadbackSlots = 1 });
            compositor.BeginFrame(Vector4.Zero);
            var drawings = new SkeletonDrawing[markers];
            for (int m = 0; m < markers; m++)
            {
                drawings[m] = new SkeletonDrawing([joints[m]], [], IdColor(m), SkeletonStyle.Markers) { MarkerPixels = 3 };
            }
            compositor.DrawScene(RenderCamera.FromCalibration(camera), drawings);
            byte[] rgba = new byte[camera.ImageWidth * camera.ImageHeight * 4];
            compositor.ReadRgba(rgba);

            var sums = new (double X, double Y, int N)[markers];
            for (int p = 0; p < rgba.Length; p += 4)
            {
                if (rgba[p + 3] == 0)
                    continue;
                int id = rgba[p] - 1;
                if ((uint)id < (uint)markers && rgba[p + 1] == 0 && rgba[p + 2] == 255)
                {
                    int pixel = p / 4;
                    sums[id] = (sums[id].X + (pixel % camera.ImageWidth), sums[id].Y + (pixel / camera.ImageWidth), sums[id].N + 1);
                }
            }
            for (int m = 0; m < markers; m++)
            {
                (double u, double v) = camera.Project(new Vector3d(joints[m].X, joints[m].Y, joints[m].Z));
                if (u < 2 || v < 2 || u > camera.ImageWidth - 3 || v > camera.ImageHeight - 3)
                    continue;
                Assert.That(sums[m].N, Is.GreaterThan(0), $"{camera.Name}: joint {names[m]} not drawn (expected at {u:F1},{v:F1})");
                double du = (sums[m].X / sums[m].N) - u, dv = (sums[m].Y / sums[m].N) - v;
                worst = Math.Max(worst, Math.Sqrt((du * du) + (dv * dv)));
                checkedJoints++;
            }
        }
        TestContext.Out.WriteLine($"frame {frame}: {checkedJoints} joint projections, worst distance {worst:F3} px");
        Assert.That(checkedJoints, Is.GreaterThan(60), "most joints are in view of the 4 cameras");
        Assert.That(worst, Is.LessThanOrEqualTo(TolerancePixels));
    }

    // Red = id + 1, blue = 255, green = 0: exact after blending over transparent black with alpha 1.
    private static Vector4 IdColor(int id) => new((id + 1) / 255f, 0, 1, 1);
}
