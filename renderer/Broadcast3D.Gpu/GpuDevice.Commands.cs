using System.Numerics;
using Silk.NET.OpenGL;

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
        Gl.BindFramebuffer(FramebufferTarget.Framebuffer, target.Handle);
        Gl.Viewport(0, 0, (uint)target.Width, (uint)target.Height);
    }

    /// <summary>Clears the render target's colour to <paramref name="color"/> (premultiplied RGBA) and its depth to 1.</summary>
    public void Clear(Vector4 color)
    {
        VerifyAccess();
        GpuFramebuffer target = _target ?? throw new InvalidOperationException("no render target set: call SetRenderTarget first");
        float* c = stackalloc float[] { color.X, color.Y, color.Z, color.W };
        Gl.ClearNamedFramebuffer(target.Handle, BufferKind.Color, 0, c);
        if (target.Depth != null)
        {
            // Clears honour the depth write mask: a previous draw may have left it off.
            Gl.DepthMask(true);
            float one = 1f;
            Gl.ClearNamedFramebuffer(target.Handle, BufferKind.Depth, 0, &one);
        }
        Errors.Check("clear");
    }

    /// <summary>
    /// Clears only the render target's depth to 1, keeping its colour: what follows is drawn over everything drawn so
    /// far (a skeleton on top of a body). A target without depth is left as it is.
    /// </summary>
    public void ClearDepth()
    {
        VerifyAccess();
        GpuFramebuffer target = _target ?? throw new InvalidOperationException("no render target set: call SetRenderTarget first");
        if (target.Depth == null)
            return;
        // Clears honour the depth write mask: a previous draw may have left it off.
        Gl.DepthMask(true);
        float one = 1f;
        Gl.ClearNamedFramebuffer(target.Handle, BufferKind.Depth, 0, &one);
        Errors.Check("clear depth");
    }

    /// <summary>
    /// Limits the following draws to the rectangle (render-target pixels, origin at row 0 of the target) until
    /// <see cref="ClearScissor"/>; clears are not limited.
    /// </summary>
    public void SetScissor(int x, int y, int width, int height)
    {
        VerifyAccess();
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        Gl.Enable(EnableCap.ScissorTest);
        Gl.Scissor(x, y, (uint)width, (uint)height);
        Errors.Check("scissor");
    }

    /// <summary>Draws reach the whole render target again.</summary>
    public void ClearScissor()
    {
        VerifyAccess();
        Gl.Disable(EnableCap.ScissorTest);
    }

    /// <summary>Sets how the following draws blend; see <see cref="BlendMode"/>.</summary>
    public void SetBlend(BlendMode mode)
    {
        VerifyAccess();
        if (mode == BlendMode.Opaque)
        {
            Gl.Disable(EnableCap.Blend);
            return;
        }
        Gl.Enable(EnableCap.Blend);
        if (mode == BlendMode.Max)
        {
            // GL ignores the blend factors under MAX.
            Gl.BlendEquation(BlendEquationModeEXT.Max);
            return;
        }
        Gl.BlendEquation(BlendEquationModeEXT.FuncAdd);
        Gl.BlendFuncSeparate(BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha, BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha);
    }

    /// <summary>Enables or disables the depth test (less-or-equal) and depth writes for the following draws.</summary>
    public void SetDepth(bool test, bool write)
    {
        VerifyAccess();
        if (test)
            Gl.Enable(EnableCap.DepthTest);
        else
            Gl.Disable(EnableCap.DepthTest);
        Gl.DepthFunc(DepthFunction.Lequal);
        Gl.DepthMask(write);
    }

    /// <summary>Sets which triangles the following draws skip by winding (see <see cref="CullMode"/>); None draws all.</summary>
    public void SetCulling(CullMode mode)
    {
        VerifyAccess();
        if (mode == CullMode.None)
        {
            Gl.Disable(EnableCap.CullFace);
            return;
        }
        Gl.Enable(EnableCap.CullFace);
        // The GL culls the back face; the front face is named by its winding, so the culled one is the other.
        Gl.FrontFace(mode == CullMode.Clockwise ? FrontFaceDirection.Ccw : FrontFaceDirection.CW);
        Gl.CullFace(TriangleFace.Back);
    }

    /// <summary>Binds <paramref name="buffer"/> to shader storage binding point <paramref name="binding"/>.</summary>
    public void BindStorageBuffer(int binding, GpuBuffer buffer)
    {
        VerifyAccess();
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(binding);
        buffer.VerifyOwner(this);
        Gl.BindBufferBase(BufferTargetARB.ShaderStorageBuffer, (uint)binding, buffer.Handle);
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
    /// Binds <paramref name="texture"/> (mip level 0, its own format) to image unit <paramref name="unit"/> for a compute
    /// kernel to write with <c>imageStore</c>; <see cref="Dispatch"/> makes the writes visible to later draws.
    /// </summary>
    /// <exception cref="ArgumentException">The texture is a depth texture (no image format).</exception>
    public void BindImageForWriting(int unit, GpuTexture texture)
    {
        VerifyAccess();
        ArgumentNullException.ThrowIfNull(texture);
        ArgumentOutOfRangeException.ThrowIfNegative(unit);
        texture.VerifyOwner(this);
        if (texture.Format == TextureFormat.Depth32F)
            throw new ArgumentException($"a {texture.Width}x{texture.Height} depth texture cannot be bound as an image; bind a colour texture", nameof(texture));
        Gl.BindImageTexture((uint)unit, texture.Handle, 0, false, 0, BufferAccessARB.WriteOnly, (InternalFormat)GpuTexture.InternalFormat(texture.Format));
        Errors.Check("binding an image");
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
        Gl.DrawArraysInstanced(ToGl(topology), 0, (uint)vertexCount, (uint)instanceCount);
        Errors.Check("draw with ", program.Name);
    }

    /// <summary>
    /// Draws <paramref name="indexCount"/> vertices × <paramref name="instanceCount"/> instances with
    /// <paramref name="program"/>, the vertices named by the 32-bit indices in <paramref name="indices"/> (from its
    /// start): the shader gets each index as <c>gl_VertexID</c>. A vertex shared by several triangles is shaded once
    /// per batch of the driver's vertex cache instead of once per use, which is what a software rasteriser spends
    /// most of a tessellated draw on.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative or the indices overrun the buffer.</exception>
    public void DrawIndexed(GpuProgram program, PrimitiveTopology topology, GpuBuffer indices, int indexCount, int instanceCount = 1)
    {
        VerifyAccess();
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentOutOfRangeException.ThrowIfNegative(indexCount);
        ArgumentOutOfRangeException.ThrowIfNegative(instanceCount);
        indices.VerifyOwner(this);
        if ((long)indexCount * sizeof(uint) > indices.SizeInBytes)
            throw new ArgumentOutOfRangeException(nameof(indexCount), $"{indexCount} indices overrun the {indices.SizeInBytes}-byte index buffer");
        if (program.IsCompute)
            throw new ArgumentException($"{program.Name} is a compute kernel: use Dispatch", nameof(program));
        if (_target == null)
            throw new InvalidOperationException("no render target set: call SetRenderTarget first");
        if (indexCount == 0 || instanceCount == 0)
            return;
        Gl.UseProgram(program.Handle);
        Gl.VertexArrayElementBuffer(_emptyVertexArray, indices.Handle);
        Gl.DrawElementsInstanced(ToGl(topology), (uint)indexCount, DrawElementsType.UnsignedInt, null, (uint)instanceCount);
        Errors.Check("indexed draw with ", program.Name);
    }

    private static PrimitiveType ToGl(PrimitiveTopology topology) => topology switch
    {
        PrimitiveTopology.Triangles => PrimitiveType.Triangles,
        PrimitiveTopology.TriangleStrip => PrimitiveType.TriangleStrip,
        PrimitiveTopology.Lines => PrimitiveType.Lines,
        PrimitiveTopology.LineStrip => PrimitiveType.LineStrip,
        _ => PrimitiveType.Points,
    };

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
        Gl.MemoryBarrier(MemoryBarrierMask.AllBarrierBits);
        Errors.Check("dispatch of ", program.Name);
    }

    /// <summary>Inserts a fence after the commands issued so far; see <see cref="GpuFence"/>.</summary>
    public GpuFence InsertFence()
    {
        VerifyAccess();
        nint sync = Gl.FenceSync(SyncCondition.SyncGpuCommandsComplete, SyncBehaviorFlags.None);
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
