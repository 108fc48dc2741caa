using Broadcast3D.Core.Assets;
using Broadcast3D.Engine.Rendering;
using Broadcast3D.Media;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Renderer.Tests;

/// <summary>
/// The reference scenes (the ones <c>b3d render-test</c> writes) equal the checked-in PNGs under Golden/, which were
/// rendered by this renderer on llvmpipe and reviewed by eye. Tolerance, per 8-bit channel of straight-alpha RGBA:
/// mean |Δ| ≤ 0.5 and at most 0.5 % of channel values differ by more than 8 (rasterisation and filtering
/// differences between drivers); llvmpipe itself reproduces them exactly. A mismatch is investigated, never
/// re-blessed blindly: <c>B3D_UPDATE_GOLDEN=1</c> rewrites the files and fails the test so that they get reviewed.
/// </summary>
public sealed class GoldenImageTests : GpuTestBase
{
    private const double MaxMeanAbsDifference = 0.5;
    private const double MaxShareOver = 0.005;
    private const int LargeDifference = 8;

    private static IEnumerable<string> Scenes => ReferenceScenes.Names;

    [TestCaseSource(nameof(Scenes))]
    public void Render_ReferenceScene_MatchesGolden(string scene)
    {
        RgbaImage actual = ReferenceScenes.Unpremultiply(ReferenceScenes.Render(Device, scene));
        string root = AssetLocator.RepositoryRoot ?? throw new InvalidOperationException("tests run inside the repository");
        string golden = Path.Combine(root, "tests", "Broadcast3D.Renderer.Tests", "Golden", scene + ".png");
        if (Environment.GetEnvironmentVariable("B3D_UPDATE_GOLDEN") == "1")
        {
            ImageFile.WriteRgba(golden, actual);
            Assert.Fail($"wrote {golden}: review it by eye, then commit it and run again without B3D_UPDATE_GOLDEN");
        }
        Assert.That(File.Exists(golden), Is.True, $"golden image missing: {golden} (generate with B3D_UPDATE_GOLDEN=1 and review)");
        RgbaImage expected = ImageFile.ReadRgba(golden);
        Assert.That((actual.Width, actual.Height), Is.EqualTo((expected.Width, expected.Height)), "size");

        long sum = 0, over = 0, values = 0;
        for (int y = 0; y < actual.Height; y++)
        {
            ReadOnlySpan<byte> a = actual.Row(y), e = expected.Row(y);
            for (int i = 0; i < a.Length; i++)
            {
                int d = Math.Abs(a[i] - e[i]);
                sum += d;
                over += d > LargeDifference ? 1 : 0;
                values++;
            }
        }
        double mean = (double)sum / values, share = (double)over / values;
        TestContext.Out.WriteLine($"{scene}: mean |Δ| {mean:F4}, {share:P3} of values off by more than {LargeDifference}");
        Assert.Multiple(() =>
        {
            Assert.That(mean, Is.LessThanOrEqualTo(MaxMeanAbsDifference), "mean absolute difference");
            Assert.That(share, Is.LessThanOrEqualTo(MaxShareOver), $"share of values off by more than {LargeDifference}");
        });
    }
}
