using System.Numerics;
using Broadcast3D.Gpu.Interop.Gl;

namespace Broadcast3D.Gpu;

// Render and compute commands. Same contract as the rest of GpuDevice: owner thread only, validated, then GL.
public sealed unsafe partial class GpuDevice
{
    private GpuFramebuffer? _target;

    /// <summary>Directs draws and clears to <paramref name="target"/> and sets the viewport to its full size.</summary>
    public void SetRenderTarget(GpuFramebuffer target)
    {
        VerifyAccess();
        ArgumentNullException.ThrowIfNull(target);
        _target = target;
        Gl.BindFramebuffer(GlConstants.Framebuffer, target.Handle);
        Gl.Viewport(0, 0, target.Width, target.Height);
    }

    /// <summary>Clears the render target's colour to <paramref name="color"/> (premultiplied RGBA) and its depth to 1.</summary>
    public void Clear(Vector4 color)
    {
        VerifyAccess();
        GpuFramebuffer target = _target ?? throw new InvalidOperationException("no render target set: call SetRenderTarget first");
        float* c = stackalloc float[] { color.X, color.Y, color.Z, color.W };
        Gl.ClearNamedFramebufferfv(target.Handle, GlConstants.Color, 0, c);
        if (target.Depth != null)
        {
            // Clears honour the depth write mask: a previous draw may have left it off.
            Gl.DepthMask(1);
            float one = 1f;
            Gl.ClearNamedFramebufferfv(target.Handle, GlConstants.Depth, 0, &one);
        }
        Errors.Check("clear");
    }

    /// <summary>Sets how the following draws blend; see <see cref="BlendMode"/>.</summary>
    public void SetBlend(BlendMode mode)
    {
        VerifyAccess();
        if (mode == BlendMode.Opaque)
        {
            Gl.Disable(GlConstants.Blend);
            return;
        }
        Gl.Enable(GlConstants.Blend);
        Gl.BlendEquation(GlConstants.FuncAdd);
        Gl.BlendFuncSeparate(GlConstants.One, GlConstants.OneMinusSrcAlpha, GlConstants.One, GlConstants.OneMinusSrcAlpha);
    }

    /// <summary>Enables or disables the depth test (less-or-equal) and depth writes for the following draws.</summary>
    public void SetDepth(bool test, bool write)
    {
        VerifyAccess();
        if (test)
            Gl.Enable(GlConstants.DepthTest);
        else
            Gl.Disable(GlConstants.DepthTest);
        Gl.DepthFunc(GlConstants.Lequal);
        Gl.DepthMask(write ? (byte)1 : (byte)0);
    }

    /// <summary>Binds <paramref name="buffer"/> to shader storage binding point <paramref name="binding"/>.</summary>
    public void BindStorageBuffer(int binding, GpuBuffer buffer)
    {
        VerifyAccess();
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(binding);
        buffer.VerifyOwner(this);
        Gl.BindBufferBase(GlConstants.ShaderStorageBuffer, (uint)binding, buffer.Handle);
    }

    /// <summary>Binds <paramref name="texture"/> for sampling at texture unit <paramref name="unit"/>.</summary>
    public void BindTexture(int unit, GpuTexture texture)
    {
        VerifyAccess();
        ArgumentNullException.ThrowIfNull(texture);
        ArgumentOutOfRangeException.ThrowIfNegative(unit);
        texture.VerifyOwner(this);
        Gl.BindTextureUnit((uint)unit, texture.Handle);
    }

    /// <summary>
    /// Draws <paramref name="vertexCount"/> vertices × <paramref name="instanceCount"/> instances with
    /// <paramref name="program"/>. There are no vertex attributes: shaders pull their data from storage buffers
    /// with <c>gl_VertexID</c>/<c>gl_InstanceID</c>.
    /// </summary>
    public void Draw(GpuProgram program, PrimitiveTopology topology, int vertexCount, int instanceCount = 1)
    {
        VerifyAccess();
        ArgumentNullException.ThrowIfNull(program);
        ArgumentOutOfRangeException.ThrowIfNegative(vertexCount);
        ArgumentOutOfRangeException.ThrowIfNegative(instanceCount);
        if (program.IsCompute)
            throw new ArgumentException($"{program.Name} is a compute kernel: use Dispatch", nameof(program));
        if (_target == null)
            throw new InvalidOperationException("no render target set: call SetRenderTarget first");
        if (vertexCount == 0 || instanceCount == 0)
            return;
        Gl.UseProgram(program.Handle);
        int mode = topology switch
        {
            PrimitiveTopology.Triangles => GlConstants.Triangles,
            PrimitiveTopology.TriangleStrip => GlConstants.TriangleStrip,
            PrimitiveTopology.Lines => GlConstants.Lines,
            PrimitiveTopology.LineStrip => GlConstants.LineStrip,
            _ => GlConstants.Points,
        };
        Gl.DrawArraysInstanced(mode, 0, vertexCount, instanceCount);
        Errors.Check($"draw with {program.Name}");
    }

    /// <summary>
    /// Runs compute kernel <paramref name="program"/> over the given work-group grid, then makes its storage and
    /// image writes visible to every later command (draws, dispatches, buffer reads).
    /// </summary>
    public void Dispatch(GpuProgram program, int groupsX, int groupsY = 1, int groupsZ = 1)
    {
        VerifyAccess();
        ArgumentNullException.ThrowIfNull(program);
        if (!program.IsCompute)
            throw new ArgumentException($"{program.Name} is not a compute kernel", nameof(program));
        int max = Info.MaxComputeWorkGroupCountX;
        if (groupsX < 0 || groupsY < 0 || groupsZ < 0 || groupsX > max || groupsY > 65535 || groupsZ > 65535)
            throw new ArgumentOutOfRangeException(nameof(groupsX), $"work-group grid {groupsX}x{groupsY}x{groupsZ} exceeds this device's limits (x ≤ {max}, y, z ≤ 65535)");
        if (groupsX == 0 || groupsY == 0 || groupsZ == 0)
            return;
        Gl.UseProgram(program.Handle);
        Gl.DispatchCompute((uint)groupsX, (uint)groupsY, (uint)groupsZ);
        Gl.MemoryBarrier(GlConstants.AllBarrierBits);
        Errors.Check($"dispatch of {program.Name}");
    }

    /// <summary>Inserts a fence after the commands issued so far; see <see cref="GpuFence"/>.</summary>
    public GpuFence InsertFence()
    {
        VerifyAccess();
        nint sync = Gl.FenceSync(GlConstants.SyncGpuCommandsComplete, 0);
        if (sync == 0)
            Errors.Check("glFenceSync");
        Gl.Flush();
        return new GpuFence(this, sync);
    }

    /// <summary>Blocks until every command issued so far has finished (tests, benchmarks, shutdown).</summary>
    public void WaitIdle()
    {
        VerifyAccess();
        Gl.Finish();
    }
}
