using System.Numerics;
using Broadcast3D.Gpu;

namespace Broadcast3D.Renderer.Passes;

/// <summary>Draws a <see cref="VideoPlate"/> over the whole render target, converting Y'CbCr to RGB. Opaque.</summary>
internal sealed class VideoPlatePass : IDisposable
{
    // Texels around a region's blocks that the separable passes must fill: the 9-texel kernel reaches 4 either side,
    // and the bilinear upsample one more.
    private const int BlurMarginTexels = 5;

    private readonly GpuDevice _device;
    private readonly GpuProgram _plain, _blurring, _downsample, _blur;
    // A plate as large as the target is converted by a compute kernel (plate.comp), 8×2 pixels an invocation, instead
    // of the fragment pass: on llvmpipe at 1080p the fragment pass was the largest part of a composite (docs/drawspeed.md).
    private readonly GpuProgram _planarKernel, _nv12Kernel;
    // Y'CbCr of the plate in blocks of PrivacyBlockPixels: downsampled into A, blurred along x into B, along y back
    // into A, which the blurring plate variant upsamples. Grown (never shrunk) when a plate needs more blocks.
    private GpuTexture _scratchA, _scratchB;
    private GpuFramebuffer _scratchTargetA, _scratchTargetB;

    public VideoPlatePass(GpuDevice device)
    {
        _device = device;
        _plain = device.CreateGraphicsProgram("fullscreen.vert", "plate.frag");
        // Made with the pass, not at the first picture with people to blur: compiling on air would cost that frame.
        _blurring = device.CreateGraphicsProgram("fullscreen.vert", "plate.frag", new Dictionary<string, string> { ["PRIVACY_BLUR"] = "1" });
        _downsample = device.CreateGraphicsProgram("fullscreen.vert", "privacy_blur.frag", new Dictionary<string, string> { ["DOWNSAMPLE"] = "1" });
        _blur = device.CreateGraphicsProgram("fullscreen.vert", "privacy_blur.frag", new Dictionary<string, string> { ["BLUR"] = "1" });
        _planarKernel = device.CreateComputeProgram("plate.comp");
        _nv12Kernel = device.CreateComputeProgram("plate.comp", new Dictionary<string, string> { ["NV12"] = "1" });
        // 512×256 blocks hold any plate at least 320 pixels high up to an aspect of 3:1 either way (160 blocks high).
        (_scratchA, _scratchB, _scratchTargetA, _scratchTargetB) = CreateScratch(512, 256);
    }

    /// <summary>Most blurred regions per plate: more people than this in one picture are merged into their bounding rectangle.</summary>
    public const int MaxPrivacyRegions = 16;

    private readonly Vector4[] _regions = new Vector4[MaxPrivacyRegions];

    /// <summary>
    /// Draws <paramref name="plate"/> into <paramref name="target"/> (the current render target, restored after the
    /// blur's own passes), blurring <paramref name="blur"/> (rectangles x, y, width, height in the plate's pixels)
    /// over a window of <see cref="PrivacyWindowPixels"/>.
    /// </summary>
    public void Draw(VideoPlate plate, ReadOnlySpan<Vector4> blur, GpuFramebuffer target)
    {
        int count = Math.Min(blur.Length, MaxPrivacyRegions);
        if (count == 0)
        {
            DrawWhole(plate, target);
            return;
        }
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
        int block = PrivacyBlockPixels(plate.Height);
        BlurBlocks(plate, block, count);

        _device.SetRenderTarget(target);
        DrawWhole(plate, target);
        // The blurring variant over each region only, scissored: it upsamples the blurred blocks inside the region
        // and leaves the scissor's edge pixels outside it as they are (the plain plate, or another region's blur).
        _device.BindTexture(3, _scratchA);
        _blurring.SetVector2("blurredScale", new Vector2((float)plate.Width / block / _scratchA.Width, (float)plate.Height / block / _scratchA.Height));
        for (int i = 0; i < count; i++)
        {
            // uv (0, 0) is the target's row 0 (fullscreen.vert), so a region's uv rectangle scales straight to pixels.
            Vector4 r = _regions[i];
            _blurring.SetVector4("privacyRegion", r);
            int x0 = Math.Clamp((int)MathF.Floor(r.X * target.Width), 0, target.Width), y0 = Math.Clamp((int)MathF.Floor(r.Y * target.Height), 0, target.Height);
            int x1 = Math.Clamp((int)MathF.Ceiling(r.Z * target.Width), x0, target.Width), y1 = Math.Clamp((int)MathF.Ceiling(r.W * target.Height), y0, target.Height);
            _device.SetScissor(x0, y0, x1 - x0, y1 - y0);
            Draw(_blurring, plate);
        }
        _device.ClearScissor();
    }

    // The regions' blocks (and a margin) of the plate, downsampled into scratch A and blurred along x into B, then
    // along y back into A. Overlapping regions write the same texels with the same values: each pass is a function
    // of the plate alone.
    private void BlurBlocks(VideoPlate plate, int block, int count)
    {
        int blocksX = (plate.Width + block - 1) / block + 1, blocksY = (plate.Height + block - 1) / block + 1;
        if (blocksX > _scratchA.Width || blocksY > _scratchA.Height)
        {
            DisposeScratch();
            (_scratchA, _scratchB, _scratchTargetA, _scratchTargetB) = CreateScratch(Math.Max(blocksX, _scratchA.Width), Math.Max(blocksY, _scratchA.Height));
        }
        _device.SetBlend(BlendMode.Opaque);
        _device.SetDepth(test: false, write: false);

        _device.SetRenderTarget(_scratchTargetA);
        SetSampling(_downsample, plate);
        _downsample.SetVector2("plateSize", new Vector2(plate.Width, plate.Height));
        _downsample.SetInt("blockSize", block);
        BindPlanes(plate);
        DrawBlocks(_downsample, plate, block, count);

        _device.SetRenderTarget(_scratchTargetB);
        _device.BindTexture(0, _scratchA);
        _blur.SetVector2("direction", Vector2.UnitX);
        DrawBlocks(_blur, plate, block, count);

        _device.SetRenderTarget(_scratchTargetA);
        _device.BindTexture(0, _scratchB);
        _blur.SetVector2("direction", Vector2.UnitY);
        DrawBlocks(_blur, plate, block, count);
        _device.ClearScissor();
    }

    private void DrawBlocks(GpuProgram program, VideoPlate plate, int block, int count)
    {
        int width = _scratchA.Width, height = _scratchA.Height;
        for (int i = 0; i < count; i++)
        {
            Vector4 r = _regions[i];
            int x0 = Math.Clamp((int)MathF.Floor(r.X * plate.Width / block) - BlurMarginTexels, 0, width);
            int y0 = Math.Clamp((int)MathF.Floor(r.Y * plate.Height / block) - BlurMarginTexels, 0, height);
            int x1 = Math.Clamp((int)MathF.Ceiling(r.Z * plate.Width / block) + BlurMarginTexels, x0, width);
            int y1 = Math.Clamp((int)MathF.Ceiling(r.W * plate.Height / block) + BlurMarginTexels, y0, height);
            _device.SetScissor(x0, y0, x1 - x0, y1 - y0);
            _device.Draw(program, PrimitiveTopology.Triangles, 3);
        }
    }

    // The whole plate into the target: by the kernel when the sizes match (every pixel one plate pixel), otherwise
    // by the fragment pass, which scales.
    private void DrawWhole(VideoPlate plate, GpuFramebuffer target)
    {
        if (plate.Width != target.Width || plate.Height != target.Height)
        {
            Draw(_plain, plate);
            return;
        }
        GpuProgram kernel = plate.Format == VideoPlateFormat.Nv12 ? _nv12Kernel : _planarKernel;
        SetConversion(kernel, plate);
        BindPlanes(plate);
        _device.BindImageForWriting(0, target.Color);
        // An invocation converts 8×2 pixels; a work group is 8×8 invocations.
        _device.Dispatch(kernel, (plate.Width + 63) / 64, (plate.Height / 2 + 7) / 8);
    }

    private void Draw(GpuProgram program, VideoPlate plate)
    {
        SetConversion(program, plate);
        BindPlanes(plate);
        _device.SetBlend(BlendMode.Opaque);
        _device.SetDepth(test: false, write: false);
        _device.Draw(program, PrimitiveTopology.Triangles, 3);
    }

    private static void SetConversion(GpuProgram program, VideoPlate plate)
    {
        // Limited range: Y' 16..235 and C 16..240 of 255 (offsets 16/255 and 128/255, scales 255/219 and 255/224).
        bool limited = plate.ColorSpace is YuvColorSpace.Bt709Limited or YuvColorSpace.Bt601Limited;
        Vector3 offset = limited ? new Vector3(16f / 255, 128f / 255, 128f / 255) : new Vector3(0, 128f / 255, 128f / 255);
        Vector3 scale = limited ? new Vector3(255f / 219, 255f / 224, 255f / 224) : Vector3.One;
        // From Kr, Kb: R = Y + 2(1−Kr)Cr, G = Y − 2(1−Kb)Kb/Kg Cb − 2(1−Kr)Kr/Kg Cr, B = Y + 2(1−Kb)Cb.
        (float kr, float kb) = plate.ColorSpace is YuvColorSpace.Bt601Limited or YuvColorSpace.Bt601Full ? (0.299f, 0.114f) : (0.2126f, 0.0722f);
        float kg = 1 - kr - kb;
        var matrix = new Vector4(2 * (1 - kr), 2 * (1 - kb) * kb / kg, 2 * (1 - kr) * kr / kg, 2 * (1 - kb));
        SetSampling(program, plate);
        program.SetVector3("rangeOffset", offset);
        program.SetVector3("rangeScale", scale);
        program.SetVector4("matrix", matrix);
    }

    private void BindPlanes(VideoPlate plate)
    {
        _device.BindTexture(0, plate.Luma);
        _device.BindTexture(1, plate.Chroma);
        _device.BindTexture(2, plate.CrOrChroma);
    }

    private static void SetSampling(GpuProgram program, VideoPlate plate)
    {
        // The kernels are compiled per layout (NV12 define); the fragment programs branch on a uniform.
        if (!program.IsCompute)
            program.SetInt("nv12", plate.Format == VideoPlateFormat.Nv12 ? 1 : 0);
        // A 10-bit code is the 8-bit code × 4 (BT.709 §4.6: Y' 64–940 ↔ 16–235), so R16 samples (code / 65535) are
        // rescaled to code / 1020 = (code / 4) / 255 and the 8-bit offsets and scales apply unchanged. Full-range
        // 10-bit white (1023) lands 0.3 % above 1 and clamps.
        program.SetFloat("sampleScale", plate.Format == VideoPlateFormat.Yuv420P10 ? 65535f / 1020f : 1f);
    }

    private (GpuTexture A, GpuTexture B, GpuFramebuffer TargetA, GpuFramebuffer TargetB) CreateScratch(int width, int height)
    {
        GpuTexture a = _device.CreateTexture(new TextureDescription(width, height, TextureFormat.Rgba8));
        GpuTexture b = _device.CreateTexture(new TextureDescription(width, height, TextureFormat.Rgba8));
        return (a, b, _device.CreateFramebuffer(a), _device.CreateFramebuffer(b));
    }

    private void DisposeScratch()
    {
        _scratchTargetA.Dispose();
        _scratchTargetB.Dispose();
        _scratchA.Dispose();
        _scratchB.Dispose();
    }

    /// <summary>
    /// Side of the privacy blur's window, pixels of a plate <paramref name="height"/> high: a 20th of the picture
    /// height (54 px at 1080, 96 px at 1920), at least 16 — wider than a face's features at any distance a camera
    /// frames a person whole. Measured on the demo in docs/privacy.md.
    /// </summary>
    public static float PrivacyWindowPixels(int height) => MathF.Max(16f, height / 20f);

    /// <summary>
    /// Side of the blocks the blur works in, plate pixels: an 8th of <see cref="PrivacyWindowPixels"/>, at least 2
    /// (12 at 1920, 7 at 1080, 3 at 480). Each block is averaged whole, then 8 taps of blocks span the window.
    /// </summary>
    public static int PrivacyBlockPixels(int height) => Math.Max(2, (int)MathF.Round(PrivacyWindowPixels(height) / 8f));

    public void Dispose()
    {
        _plain.Dispose();
        _blurring.Dispose();
        _downsample.Dispose();
        _blur.Dispose();
        _planarKernel.Dispose();
        _nv12Kernel.Dispose();
        DisposeScratch();
    }
}
