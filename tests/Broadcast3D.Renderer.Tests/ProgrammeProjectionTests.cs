using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Time;
using Broadcast3D.Renderer;
using Broadcast3D.Renderer.Views;
using Broadcast3D.Renderer.Passes;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Renderer.Tests;

/// <summary>
/// What an x264 output is handed: the reference 3D drawn as joint markers, converted to yuv420p on the GPU and read
/// back through the pipelined <see cref="ProgramReadback"/> (the frame comes out of <see cref="ProgramReadback.Flush"/>),
/// still sits where the CPU camera model projects it (≤ 1 px, the luma plane being full resolution), and its white
/// comes back white. Same scene as <see cref="CalibratedProjectionTests"/>, which checks the RGBA composite.
/// </summary>
public sealed class ProgrammeProjectionTests : GpuTestBase
{
    private const double TolerancePixels = 1.0;

    // BT.709 limited range: white is Y 235, Cb = Cr = 128. The conversion rounds once and a box-averaged chroma sample
    // of a marker's edge mixes black in, so the chroma is checked at the marker's centre block only: ±2 codes.
    private const int ChromaTolerance = 2;

    // Markers closer than this to another joint's projection share pixels, so their centroids say nothing.
    private const double Isolation = 6;

    [TestCase(0)]
    [TestCase(99)]
    public void Flush_BalancingReference3DAsYuv420P_JointLumaMatchesCpuProjection(int frame)
    {
        CameraRig calibration = CalibrationToml.Read(SharedAssets.CalibrationToml);
        (Vector3[] joints, IReadOnlyList<string> names) = BalancingReference.Joints(frame);
        int markers = joints.Length;
        var drawings = new SkeletonDrawing[markers];
        for (int m = 0; m < markers; m++)
            drawings[m] = new SkeletonDrawing([joints[m]], [], Vector4.One, SkeletonStyle.Markers) { MarkerPixels = 3 };

        double worst = 0;
        int checkedJoints = 0;
        foreach (Camera camera in calibration.Cameras)
        {
            int w = camera.ImageWidth, h = camera.ImageHeight;
            using var compositor = new Compositor(Device, new CompositorDescription(w, h) { ReadbackSlots = 1 });
            using var readback = new ProgramReadback(Device, w, h, [PixelLayout.Yuv420P], picturesPerLayout: 1);
            compositor.BeginFrame(Vector4.Zero);
            compositor.DrawScene(RenderCamera.FromCalibration(camera), drawings);
            compositor.FlushGraphics();
            var finished = new Picture?[1];
            Assert.That(readback.Submit(compositor.Output, 7, new Rational(7, 60), 0, finished), Is.False, "pipelined: nothing finished at the first frame");
            Assert.That(readback.Flush(finished), Is.True, "the last frame comes out of Flush");
            Picture picture = finished[0]!;
            try
            {
                Assert.That((picture.Layout, picture.FrameIndex), Is.EqualTo((PixelLayout.Yuv420P, 7L)));
                ReadOnlySpan<byte> luma = picture.Plane(0), cb = picture.Plane(1), cr = picture.Plane(2);
                int stride = picture.Stride(0), chromaStride = picture.Stride(1);
                var projected = new (double U, double V)[markers];
                for (int m = 0; m < markers; m++)
                    projected[m] = camera.Project(new Vector3d(joints[m].X, joints[m].Y, joints[m].Z));
                for (int m = 0; m < markers; m++)
                {
                    (double u, double v) = projected[m];
                    if (u < 8 || v < 8 || u > w - 9 || v > h - 9)
                        continue;
                    if (projected.Where((p, k) => k != m && Math.Abs(p.U - u) < Isolation && Math.Abs(p.V - v) < Isolation).Any())
                        continue;
                    // Centroid of the marker's light above black (Y 16) around the projection, pixel centres at integers as in
                    // Camera.Project and CalibratedProjectionTests.
                    double sx = 0, sy = 0, sw = 0;
                    int cx = (int)Math.Round(u), cy = (int)Math.Round(v);
                    for (int y = cy - 4; y <= cy + 4; y++)
                    {
                        for (int x = cx - 4; x <= cx + 4; x++)
                        {
                            double weight = Math.Max(0, luma[(y * stride) + x] - 16);
                            (sx, sy, sw) = (sx + (weight * x), sy + (weight * y), sw + weight);
                        }
                    }
                    Assert.That(sw, Is.GreaterThan(0), $"{camera.Name}: joint {names[m]} not in the luma (expected at {u:F1},{v:F1})");
                    double du = (sx / sw) - u, dv = (sy / sw) - v;
                    worst = Math.Max(worst, Math.Sqrt((du * du) + (dv * dv)));
                    Assert.That(luma[(cy * stride) + cx], Is.InRange(234, 235), $"{camera.Name}: joint {names[m]}: white marker's luma");
                    int c = ((cy / 2) * chromaStride) + (cx / 2);
                    Assert.That(Math.Max(Math.Abs(cb[c] - 128), Math.Abs(cr[c] - 128)), Is.LessThanOrEqualTo(ChromaTolerance),
                        $"{camera.Name}: joint {names[m]}: white marker's chroma ({cb[c]}, {cr[c]})");
                    checkedJoints++;
                }
            }
            finally
            {
                picture.Release();
            }
        }
        TestContext.Out.WriteLine($"frame {frame}: {checkedJoints} isolated joint projections, worst luma centroid distance {worst:F3} px");
        Assert.That(checkedJoints, Is.GreaterThan(30), "most isolated joints are in view of the 4 cameras");
        Assert.That(worst, Is.LessThanOrEqualTo(TolerancePixels));
    }
}
