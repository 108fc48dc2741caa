using System.Numerics;
using Broadcast3D.Gpu;

namespace Broadcast3D.Renderer.Passes;

/// <summary>Draws a <see cref="VideoPlate"/> over the whole render target, converting Y'CbCr to RGB. Opaque.</summary>
internal sealed class VideoPlatePass : IDisposable
{
    private readonly GpuDevice _device;
    private readonly GpuProgram _plain;
    private readonly GpuProgram _blurring;

    public VideoPlatePass(GpuDevice device)
    {
        _device = device;
        _plain = device.CreateGraphicsProgram("fullscreen.vert", "plate.frag");
        // Made with the pass, not at the first picture with people to blur: compiling on air would cost that frame.
        _blurring = device.CreateGraphicsProgram("fullscreen.vert", "plate.frag", new Dictionary<string, string> { ["PRIVACY_BLUR"] = "1" });
    }

    /// <summary>Most blurred regions per plate (the shader's array): more people than this in one picture are merged into their bounding rectangle.</summary>
    public const int MaxPrivacyRegions = 16;

    private readonly Vector4[] _regions = new Vector4[MaxPrivacyRegions];

    /// <summary>
    /// Draws <paramref name="plate"/>, blurring <paramref name="blur"/> (rectangles x, y, width, height in the
    /// plate's pixels) over a window of <see cref="PrivacyWindowPixels"/>.
    /// </summary>
    public void Draw(VideoPlate plate, ReadOnlySpan<Vector4> blur, int targetWidth, int targetHeight)
    {
        int count = Math.Min(blur.Length, MaxPrivacyRegions);
        Draw(_plain, plate);
        if (count == 0)
            return;
        // The blurring variant over each region only, scissored: on llvmpipe any plate drawn by a shader holding the
        // blur loop cost 4× the plain one over the whole frame (its fast path lost), so it must touch no other pixel.
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
        _blurring.SetInt("privacyRegionCount", count);
        _blurring.SetVector4Array("privacyRegions", _regions.AsSpan(0, count));
        float window = PrivacyWindowPixels(plate.Height);
        _blurring.SetVector2("privacyWindow", new Vector2(window / plate.Width, window / plate.Height));
        for (int i = 0; i < count; i++)
        {
            // uv (0, 0) is the target's row 0 (fullscreen.vert), so a region's uv rectangle scales straight to pixels.
            Vector4 r = _regions[i];
            int x0 = Math.Clamp((int)MathF.Floor(r.X * targetWidth), 0, targetWidth), y0 = Math.Clamp((int)MathF.Floor(r.Y * targetHeight), 0, targetHeight);
            int x1 = Math.Clamp((int)MathF.Ceiling(r.Z * targetWidth), x0, targetWidth), y1 = Math.Clamp((int)MathF.Ceiling(r.W * targetHeight), y0, targetHeight);
            _device.SetScissor(x0, y0, x1 - x0, y1 - y0);
            Draw(_blurring, plate);
        }
        _device.ClearScissor();
    }

    private void Draw(GpuProgram program, VideoPlate plate)
    {
        // Limited range: Y' 16..235 and C 16..240 of 255 (offsets 16/255 and 128/255, scales 255/219 and 255/224).
        bool limited = plate.ColorSpace is YuvColorSpace.Bt709Limited or YuvColorSpace.Bt601Limited;
        Vector3 offset = limited ? new Vector3(16f / 255, 128f / 255, 128f / 255) : new Vector3(0, 128f / 255, 128f / 255);
        Vector3 scale = limited ? new Vector3(255f / 219, 255f / 224, 255f / 224) : Vector3.One;
        // From Kr, Kb: R = Y + 2(1−Kr)Cr, G = Y − 2(1−Kb)Kb/Kg Cb − 2(1−Kr)Kr/Kg Cr, B = Y + 2(1−Kb)Cb.
        (float kr, float kb) = plate.ColorSpace is YuvColorSpace.Bt601Limited or YuvColorSpace.Bt601Full ? (0.299f, 0.114f) : (0.2126f, 0.0722f);
        float kg = 1 - kr - kb;
        var matrix = new Vector4(2 * (1 - kr), 2 * (1 - kb) * kb / kg, 2 * (1 - kr) * kr / kg, 2 * (1 - kb));
        program.SetInt("nv12", plate.Format == VideoPlateFormat.Nv12 ? 1 : 0);
        // A 10-bit code is the 8-bit code × 4 (BT.709 §4.6: Y' 64–940 ↔ 16–235), so R16 samples (code / 65535) are
        // rescaled to code / 1020 = (code / 4) / 255 and the 8-bit offsets and scales apply unchanged. Full-range
        // 10-bit white (1023) lands 0.3 % above 1 and clamps.
        program.SetFloat("sampleScale", plate.Format == VideoPlateFormat.Yuv420P10 ? 65535f / 1020f : 1f);
        program.SetVector3("rangeOffset", offset);
        program.SetVector3("rangeScale", scale);
        program.SetVector4("matrix", matrix);
        _device.BindTexture(0, plate.Luma);
        _device.BindTexture(1, plate.Chroma);
        _device.BindTexture(2, plate.CrOrChroma);
        _device.SetBlend(BlendMode.Opaque);
        _device.SetDepth(test: false, write: false);
        _device.Draw(program, PrimitiveTopology.Triangles, 3);
    }

    /// <summary>
    /// Side of the privacy blur's window, pixels of a plate <paramref name="height"/> high: a 20th of the picture
    /// height (54 px at 1080, 96 px at 1920), at least 16 — wider than a face's features at any distance a camera
    /// frames a person whole. Measured on the demo in docs/privacy.md.
    /// </summary>
    public static float PrivacyWindowPixels(int height) => MathF.Max(16f, height / 20f);

    public void Dispose()
    {
        _plain.Dispose();
        _blurring.Dispose();
    }
}
