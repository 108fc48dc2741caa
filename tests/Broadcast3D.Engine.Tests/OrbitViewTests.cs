using Broadcast3D.Core.Cameras;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Engine.Rendering;
using Broadcast3D.Engine.Scene;
using Broadcast3D.Renderer.Views;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests;

/// <summary>
/// The orbit view computes its turn's cameras when it is made (issue #12: it built a camera per frame), so a frame
/// draws without allocating, and every frame still shows the person from its own angle.
/// </summary>
public sealed class OrbitViewTests : GpuTestBase
{
    private const int Frames = 120, Width = 160, Height = 96;

    [Test]
    public void Draw_EveryFrameOfTheTurn_AllocatesNothingAndShowsThePerson()
    {
        var orbit = new OrbitCamera(new Vector3d(0, 0, 1), 4, 1, Width, Height, 50, 1);
        using var view = new OrbitView(Device, "orbit", orbit, Frames, Math.PI / 2);
        using OverlayHost overlays = OrbitPerson.Overlays("bodies");
        var rgba = new byte[Width * Height * 4];
        var bodyPixels = new List<int>();
        // Frame 0 is drawn (and read) first: first-use costs of the passes are not per frame.
        view.Draw(overlays, 0);
        view.Compositor.ReadRgba(rgba);
        bodyPixels.Add(BodyPixels(rgba));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 1; n < Frames; n++)
        {
            view.Draw(overlays, n);
            view.Compositor.FlushGraphics();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        view.Draw(overlays, Frames / 4);
        view.Compositor.ReadRgba(rgba);
        bodyPixels.Add(BodyPixels(rgba));
        Assert.That(allocated, Is.Zero, $"bytes allocated drawing frames 1–{Frames - 1}");
        Assert.That(bodyPixels, Has.All.GreaterThan(20), "the person's capsules, seen from frame 0 and from a quarter turn");
    }

    [Test]
    public void Draw_FrameOutsideTheTurn_Refused()
    {
        var orbit = new OrbitCamera(new Vector3d(0, 0, 1), 4, 1, Width, Height, 50, 1);
        using var view = new OrbitView(Device, "orbit", orbit, Frames, 0);
        using OverlayHost overlays = OrbitPerson.Overlays("bodies");
        Assert.Throws<ArgumentOutOfRangeException>(() => view.Draw(overlays, Frames));
        Assert.Throws<ArgumentOutOfRangeException>(() => view.Draw(overlays, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new OrbitView(Device, "orbit", orbit, 0, 0));
    }

    // Pixels of the capsules' cyan (0, 0.82, 1) against the dark slate background.
    private static int BodyPixels(byte[] rgba)
    {
        int n = 0;
        for (int i = 0; i < rgba.Length; i += 4)
        {
            if (rgba[i + 2] > 150 && rgba[i + 1] > 100 && rgba[i] < 80)
                n++;
        }
        return n;
    }
}
