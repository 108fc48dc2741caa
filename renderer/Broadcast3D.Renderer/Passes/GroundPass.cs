using System.Numerics;
using System.Runtime.InteropServices;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Renderer.Passes;

/// <summary>
/// Draws a <see cref="GroundPlane"/> with the shadows of <see cref="ShadowCaster"/>s, depth-tested and writing depth
/// so the bodies drawn after it stand on it. The casters are projected onto the floor along the light here (2D
/// segments) and rasterised with their soft edges into a mask (capsule_shadow.vert, blended by MAX) over the rectangle
/// of the floor they darken, which the floor's fragment shader samples once: the floor used to loop over every caster
/// per fragment, 40 casters an athlete over some 900 k fragments of a 720p view. Athlete meshes' shadows come as a
/// second mask over the floor square (<see cref="MeshPass.DrawShadowMask"/>). Buffers and masks sized at creation; no
/// allocation per frame. Device thread.
/// </summary>
internal sealed class GroundPass : IDisposable
{
    // 48 cells a side: the floor follows a distorting lens closely enough at broadcast sizes.
    private const int Cells = 48;
    // A texel is 2.5 mm over a small rectangle (one athlete's shadows) and 4 mm over the whole default 8 m floor.
    // Bilinear sampling is worst where two casters' penumbras meet in a V (the darkest wins), which it fills in by
    // about a texel's share of the slopes: GroundShadowTests measures the difference from the analytic shadow (1024
    // texels over the floor, 8 mm, gave 0.13). Finer texels cost fragments: at 1 mm one athlete's 49 casters were
    // 4 million of them, a third of the former loop's cost. 4 MB of R8.
    private const int MaskSize = 2048;
    private const float FinestTexelMetres = 0.0025f;
    // Texels of empty border around the casters' reach, so that sampling beyond the rectangle (clamped to its edge)
    // reads 0.
    private const int MaskBorder = 2;

    private readonly GpuDevice _device;
    private readonly GpuProgram _program, _maskProgram;
    private readonly GpuBuffer _buffer;
    private readonly Shadow[] _staging;
    private readonly GpuTexture _mask;
    private readonly GpuFramebuffer _maskTarget;

    public GroundPass(GpuDevice device, int maxCasters)
    {
        _device = device;
        _program = device.CreateGraphicsProgram("ground.vert", "ground.frag");
        _maskProgram = device.CreateGraphicsProgram("capsule_shadow.vert", "capsule_shadow.frag");
        _mask = device.CreateTexture(new TextureDescription(MaskSize, MaskSize, TextureFormat.R8));
        _maskTarget = device.CreateFramebuffer(_mask);
        _staging = new Shadow[Math.Max(1, maxCasters)];
        _buffer = device.CreateBuffer(new BufferDescription(_staging.Length * Marshal.SizeOf<Shadow>(), BufferUsage.Dynamic));
    }

    /// <summary>Casters beyond the pass's capacity in the last draw (counted, not thrown).</summary>
    public int DroppedCasters { get; private set; }

    /// <param name="camera">The view.</param>
    /// <param name="ground">The floor.</param>
    /// <param name="casters">Capsules whose shadows fall on it.</param>
    /// <param name="meshShadow">A mask of the meshes' shadows over the floor square (R8, 1 = shadow), or null.</param>
    /// <param name="target">The render target to draw the floor into (the capsules' mask is drawn first, into its own).</param>
    public void Draw(RenderCamera camera, in GroundPlane ground, ReadOnlySpan<ShadowCaster> casters, GpuTexture? meshShadow, GpuFramebuffer target)
    {
        int count = 0;
        DroppedCasters = 0;
        Vector2 low = new(float.MaxValue), high = new(float.MinValue);
        foreach (ref readonly ShadowCaster c in casters)
        {
            if (!IsFinite(c.From) || !IsFinite(c.To) || !(c.RadiusMetres > 0) || !float.IsFinite(c.RadiusMetres))
                continue;
            if (count == _staging.Length)
            {
                DroppedCasters++;
                continue;
            }
            Vector2 a = ground.ShadowOf(c.From), b = ground.ShadowOf(c.To);
            _staging[count++] = new Shadow(new Vector4(a, b.X, b.Y), new Vector4(c.RadiusMetres, 0, 0, 0));
            var reach = new Vector2(1.4f * c.RadiusMetres);
            low = Vector2.Min(low, Vector2.Min(a, b) - reach);
            high = Vector2.Max(high, Vector2.Max(a, b) + reach);
        }
        // Only the part of the rectangle on the floor square is seen: a shadow beyond it falls on no floor.
        var square = new Vector2(ground.HalfSizeMetres);
        var centre = new Vector2(ground.Centre.X, ground.Centre.Y);
        low = Vector2.Max(low, centre - square);
        high = Vector2.Min(high, centre + square);
        bool capsules = count > 0 && high.X > low.X && high.Y > low.Y;
        Vector4 rect = Vector4.Zero;
        if (capsules)
        {
            // A rectangle smaller than the finest texels allow grows about its middle.
            Vector2 grow = Vector2.Max(Vector2.Zero, new Vector2(FinestTexelMetres * MaskSize) - (high - low)) / 2;
            (low, high) = (low - grow, high + grow);
            Vector2 border = (high - low) * MaskBorder / (MaskSize - (2 * MaskBorder));
            (low, high) = (low - border, high + border);
            rect = new Vector4(low, 1 / (high.X - low.X), 1 / (high.Y - low.Y));
            DrawMask(count, rect, Math.Max(high.X - low.X, high.Y - low.Y) / MaskSize);
        }
        _device.SetRenderTarget(target);
        _program.SetCamera(camera);
        _program.SetVector3("centre", ground.Centre);
        _program.SetFloat("halfSize", ground.HalfSizeMetres);
        _program.SetInt("cells", Cells);
        _program.SetVector4("floorColour", ground.Colour);
        _program.SetVector4("gridColour", ground.GridColour);
        _program.SetFloat("shadowStrength", Math.Clamp(ground.ShadowStrength, 0, 1));
        _program.SetInt("capsuleShadowOn", capsules ? 1 : 0);
        _program.SetVector4("capsuleRect", rect);
        _device.BindTexture(1, _mask);
        _program.SetInt("capsuleShadow", 1);
        _program.SetInt("meshShadowOn", meshShadow is null ? 0 : 1);
        if (meshShadow is not null)
        {
            _device.BindTexture(0, meshShadow);
            _program.SetInt("meshShadow", 0);
            _program.SetFloat("meshShadowTexel", 1f / meshShadow.Width);
        }
        _device.SetBlend(BlendMode.PremultipliedOver);
        _device.SetDepth(test: true, write: true);
        _device.Draw(_program, PrimitiveTopology.Triangles, Cells * Cells * 6);
    }

    /// <summary>The first <paramref name="count"/> staged casters' shadows into the mask over <paramref name="rect"/>.</summary>
    private void DrawMask(int count, Vector4 rect, float texelMetres)
    {
        _buffer.Update<Shadow>(_staging.AsSpan(0, count));
        _device.SetRenderTarget(_maskTarget);
        _device.Clear(Vector4.Zero);
        _maskProgram.SetVector4("maskRect", rect);
        _maskProgram.SetFloat("texel", texelMetres);
        _device.BindStorageBuffer(0, _buffer);
        _device.SetBlend(BlendMode.Max);
        _device.SetDepth(test: false, write: false);
        _device.Draw(_maskProgram, PrimitiveTopology.Triangles, count * 6);
    }

    private static bool IsFinite(Vector3 v) => float.IsFinite(v.X) && float.IsFinite(v.Y) && float.IsFinite(v.Z);

    public void Dispose()
    {
        _program.Dispose();
        _maskProgram.Dispose();
        _maskTarget.Dispose();
        _mask.Dispose();
        _buffer.Dispose();
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Shadow(Vector4 Segment, Vector4 Radius);
}
