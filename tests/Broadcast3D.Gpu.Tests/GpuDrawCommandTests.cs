using System.Numerics;
using System.Runtime.InteropServices;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Gpu.Tests;

/// <summary>Indexed draws, culling by winding and image writes (the device commands the compositor's faster passes use).</summary>
public sealed class GpuDrawCommandTests : GpuTestBase
{
    private const int Size = 8;

    // Four corners of the target from gl_VertexID (0 bottom-left, 1 bottom-right, 2 top-right, 3 top-left in NDC).
    private const string CornersVert = "#version 450 core\nvoid main()\n{\n    vec2 p = vec2(gl_VertexID == 1 || gl_VertexID == 2 ? 1.0 : -1.0, gl_VertexID >= 2 ? 1.0 : -1.0);\n    gl_Position = vec4(p, 0.0, 1.0);\n}\n";
    private const string WhiteFrag = "#version 450 core\nout vec4 colour;\nvoid main() { colour = vec4(1.0); }\n";

    [Test]
    public void DrawIndexed_TwoTrianglesOverFourVertices_CoverTheTarget()
    {
        using GpuProgram program = Device.CreateProgram([ShaderSource.FromText("corners.vert", CornersVert), ShaderSource.FromText("white.frag", WhiteFrag)]);
        using GpuBuffer indices = Device.CreateBuffer(new BufferDescription(6 * sizeof(uint), BufferUsage.None), MemoryMarshal.AsBytes<uint>([0, 1, 2, 0, 2, 3]));
        byte[] pixels = DrawWith(() => Device.DrawIndexed(program, PrimitiveTopology.Triangles, indices, 6), CullMode.None);
        Assert.That(pixels.Count(b => b == 255), Is.EqualTo(pixels.Length), "every pixel drawn: the shader saw the indices as gl_VertexID");
    }

    [Test]
    public void DrawIndexed_IndicesOverrunBuffer_ThrowsNamingCountAndSize()
    {
        using GpuProgram program = Device.CreateProgram([ShaderSource.FromText("corners.vert", CornersVert), ShaderSource.FromText("white.frag", WhiteFrag)]);
        using GpuBuffer indices = Device.CreateBuffer(new BufferDescription(6 * sizeof(uint), BufferUsage.None));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Device.DrawIndexed(program, PrimitiveTopology.Triangles, indices, 12));
        Assert.That(ex!.Message, Does.Contain("12 indices").And.Contain("24-byte"));
    }

    [TestCase(CullMode.None, 255)]
    [TestCase(CullMode.Clockwise, 255)]
    [TestCase(CullMode.CounterClockwise, 0)]
    public void SetCulling_CounterClockwiseTriangle_SkippedOnlyWhenCounterClockwiseCulled(CullMode mode, int expected)
    {
        using GpuProgram program = Device.CreateProgram([ShaderSource.FromText("corners.vert", CornersVert), ShaderSource.FromText("white.frag", WhiteFrag)]);
        // Corners 0, 1, 2: (0, 0) → (W, 0) → (W, H) in window space (rows up from row 0): counter-clockwise.
        using GpuBuffer indices = Device.CreateBuffer(new BufferDescription(3 * sizeof(uint), BufferUsage.None), MemoryMarshal.AsBytes<uint>([0, 1, 2]));
        byte[] pixels = DrawWith(() => Device.DrawIndexed(program, PrimitiveTopology.Triangles, indices, 3), mode);
        // Pixel (W − 1, 0) lies inside the triangle (below its diagonal).
        Assert.That(pixels[(Size - 1) * 4], Is.EqualTo(expected));
    }

    [Test]
    public void BindImageForWriting_DepthTexture_ThrowsNamingSize()
    {
        using GpuTexture depth = Device.CreateTexture(new TextureDescription(16, 4, TextureFormat.Depth32F));
        var ex = Assert.Throws<ArgumentException>(() => Device.BindImageForWriting(0, depth));
        Assert.That(ex!.Message, Does.Contain("16x4 depth texture"));
    }

    private byte[] DrawWith(Action draw, CullMode mode)
    {
        using GpuTexture color = Device.CreateTexture(new TextureDescription(Size, Size, TextureFormat.Rgba8));
        using GpuFramebuffer fb = Device.CreateFramebuffer(color);
        Device.SetRenderTarget(fb);
        Device.Clear(Vector4.Zero);
        Device.SetBlend(BlendMode.Opaque);
        Device.SetDepth(test: false, write: false);
        Device.SetCulling(mode);
        try
        {
            draw();
        }
        finally
        {
            Device.SetCulling(CullMode.None);
        }
        byte[] pixels = new byte[Size * Size * 4];
        fb.ReadPixels(pixels);
        return pixels;
    }
}
