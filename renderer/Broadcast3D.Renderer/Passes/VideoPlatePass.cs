using System.Numerics;
using Broadcast3D.Gpu;

namespace Broadcast3D.Renderer.Passes;

/// <summary>Draws a <see cref="VideoPlate"/> over the whole render target, converting Y'CbCr to RGB. Opaque.</summary>
internal sealed class VideoPlatePass : IDisposable
{
    private readonly GpuDevice _device;
    private readonly GpuProgram _program;

    public VideoPlatePass(GpuDevice device)
    {
        _device = device;
        _program = device.CreateGraphicsProgram("fullscreen.vert", "plate.frag");
    }

    /// <summary>Most blurred regions per plate (the shader's array): more people than this in one picture are merged into their bounding rectangle.</summary>
    public const int MaxPrivacyRegions = 16;

    private readonly Vector4[] _regions = new Vector4[MaxPrivacyRegions];

    /// <summary>
    /// Draws <paramref name="plate"/>, blurring <paramref name="blur"/> (rectangles x, y, width, height in the
    /// plate's pixels) over a window of <see cref="PrivacyWindowPixels"/>.
    /// </summary>
    public void Draw(VideoPlate plate, ReadOnlySpan<Vector4> blur)
    {
        // Limited range: Y' 16..235 and C 16..240 of 255 (offsets 16/255 and 128/255, scales 255/219 and 255/224).
        bool limited = plate.ColorSpace is YuvColorSpace.Bt709Limited or YuvColorSpace.Bt601Limited;
        Vector3 offset = limited ? new Vector3(16f / 255, 128f / 255, 128f / 255) : new Vector3(0, 128f / 255, 128f / 255);
        Vector3 scale = limited ? new Vector3(255f / 219, 255f / 224, 255f / 224) : Vector3.One;
        // From Kr, Kb: R = Y + 2(1−Kr)Cr, G = Y − 2(1−Kb)Kb/Kg Cb − 2(1−Kr)Kr/Kg Cr, B = Y + 2(1−Kb)Cb.
        (float kr, float kb) = plate.ColorSpace is YuvColorSpace.Bt601Limited or YuvColorSpace.Bt601Full ? (0.299f, 0.114f) : (0.2126f, 0.0722f);
        float kg = 1 - kr - kb;
        var matrix = new Vector4(2 * (1 - kr), 2 * (1 - kb) * kb / kg, 2 * (1 - kr) * kr / kg, 2 * (1 - kb));
        _program.SetInt("nv12", plate.Format == VideoPlateFormat.Nv12 ? 1 : 0);
        // A 10-bit code is the 8-bit code × 4 (BT.709 §4.6: Y' 64–940 ↔ 16–235), so R16 samples (code / 65535) are
        // rescaled to code / 1020 = (code / 4) / 255 and the 8-bit offsets and scales apply unchanged. Full-range
        // 10-bit white (1023) lands 0.3 % above 1 and clamps.
        _program.SetFloat("sampleScale", plate.Format == VideoPlateFormat.Yuv420P10 ? 65535f / 1020f : 1f);
        _program.SetVector3("rangeOffset", offset);
        _program.SetVector3("rangeScale", scale);
        _program.SetVector4("matrix", matrix);
        int count = Math.Min(blur.Length, MaxPrivacyRegions);
        for (int i = 0; i < count; i++)
        {
            Vector4 r = blur[i];
            _regions[i] = new Vector4(r.X / plate.Width, r.Y / plate.Height, (r.X + r.Z) / plate.Width, (r.Y + r.W) / plate.Height);
        }
        // Beyond the array, the rest are merged into the last slot's rectangle: over-blurring is the safe error.
        for (int i = MaxPrivacyRegions; i < blur.Length; i++)
        {
            Vector4 r = blur[i], last = _regions[MaxPrivacyRegions - 1];
            _regions[MaxPrivacyRegions - 1] = new Vector4(MathF.Min(last.X, r.X / plate.Width), MathF.Min(last.Y, r.Y / plate.Height),
                MathF.Max(last.Z, (r.X + r.Z) / plate.Width), MathF.Max(last.W, (r.Y + r.W) / plate.Height));
        }
        _program.SetInt("privacyRegionCount", count);
        if (count > 0)
        {
            _program.SetVector4Array("privacyRegions", _regions.AsSpan(0, count));
            float window = PrivacyWindowPixels(plate.Height);
            _program.SetVector2("privacyWindow", new Vector2(window / plate.Width, window / plate.Height));
        }
        _device.BindTexture(0, plate.Luma);
        _device.BindTexture(1, plate.Chroma);
        _device.BindTexture(2, plate.CrOrChroma);
        _device.SetBlend(BlendMode.Opaque);
        _device.SetDepth(test: false, write: false);
        _device.Draw(_program, PrimitiveTopology.Triangles, 3);
    }

    /// <summary>
    /// Side of the privacy blur's window, pixels of a plate <paramref name="height"/> high: a 20th of the picture
    /// height (54 px at 1080, 96 px at 1920), at least 16 — wider than a face's features at any distance a camera
    /// frames a person whole. Measured on the demo in docs/privacy.md.
    /// </summary>
    public static float PrivacyWindowPixels(int height) => MathF.Max(16f, height / 20f);

    public void Dispose() => _program.Dispose();
}
