using System.Numerics;
using System.Runtime.InteropServices;
using Broadcast3D.Gpu;
using Broadcast3D.Renderer.Views;

namespace Broadcast3D.Renderer.Passes;

/// <summary>
/// Draws a <see cref="GroundPlane"/> with the shadows of <see cref="ShadowCaster"/>s, depth-tested and writing depth
/// so the bodies drawn after it stand on it. The casters are projected onto the floor along the light here (2D
/// segments), and the fragment shader darkens the floor by the nearest one; athlete meshes' shadows come as a mask
/// over the floor square (<see cref="MeshPass.DrawShadowMask"/>). Buffers sized at creation; no allocation per frame.
/// Device thread.
/// </summary>
internal sealed class GroundPass : IDisposable
{
    // 48 cells a side: the floor follows a distorting lens closely enough at broadcast sizes.
    private const int Cells = 48;

    private readonly GpuDevice _device;
    private readonly GpuProgram _program;
    private readonly GpuBuffer _buffer;
    private readonly Shadow[] _staging;

    public GroundPass(GpuDevice device, int maxCasters)
    {
        _device = device;
        _program = device.CreateGraphicsProgram("ground.vert", "ground.frag");
        _staging = new Shadow[Math.Max(1, maxCasters)];
        _buffer = device.CreateBuffer(new BufferDescription(_staging.Length * Marshal.SizeOf<Shadow>(), BufferUsage.Dynamic));
    }

    /// <summary>Casters beyond the pass's capacity in the last draw (counted, not thrown).</summary>
    public int DroppedCasters { get; private set; }

    /// <param name="camera">The view.</param>
    /// <param name="ground">The floor.</param>
    /// <param name="casters">Capsules whose shadows fall on it.</param>
    /// <param name="meshShadow">A mask of the meshes' shadows over the floor square (R8, 1 = shadow), or null.</param>
    public void Draw(RenderCamera camera, in GroundPlane ground, ReadOnlySpan<ShadowCaster> casters, GpuTexture? meshShadow)
    {
        int count = 0;
        DroppedCasters = 0;
        foreach (ref readonly ShadowCaster c in casters)
        {
            if (!IsFinite(c.From) || !IsFinite(c.To))
                continue;
            if (count == _staging.Length)
            {
                DroppedCasters++;
                continue;
            }
            Vector2 a = ground.ShadowOf(c.From), b = ground.ShadowOf(c.To);
            _staging[count++] = new Shadow(new Vector4(a, b.X, b.Y), new Vector4(c.RadiusMetres, 0, 0, 0));
        }
        if (count > 0)
            _buffer.Update<Shadow>(_staging.AsSpan(0, count));
        _program.SetCamera(camera);
        _program.SetVector3("centre", ground.Centre);
        _program.SetFloat("halfSize", ground.HalfSizeMetres);
        _program.SetInt("cells", Cells);
        _program.SetVector4("floorColour", ground.Colour);
        _program.SetVector4("gridColour", ground.GridColour);
        _program.SetFloat("shadowStrength", Math.Clamp(ground.ShadowStrength, 0, 1));
        _program.SetInt("shadowCount", count);
        _program.SetInt("meshShadowOn", meshShadow is null ? 0 : 1);
        if (meshShadow is not null)
        {
            _device.BindTexture(0, meshShadow);
            _program.SetInt("meshShadow", 0);
            _program.SetFloat("meshShadowTexel", 1f / meshShadow.Width);
        }
        _device.BindStorageBuffer(0, _buffer);
        _device.SetBlend(BlendMode.PremultipliedOver);
        _device.SetDepth(test: true, write: true);
        _device.Draw(_program, PrimitiveTopology.Triangles, Cells * Cells * 6);
    }

    private static bool IsFinite(Vector3 v) => float.IsFinite(v.X) && float.IsFinite(v.Y) && float.IsFinite(v.Z);

    public void Dispose()
    {
        _program.Dispose();
        _buffer.Dispose();
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Shadow(Vector4 Segment, Vector4 Radius);
}
