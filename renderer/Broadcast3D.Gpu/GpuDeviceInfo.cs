namespace Broadcast3D.Gpu;

/// <summary>What a <see cref="GpuDevice"/> runs on, read once at creation. Immutable.</summary>
public sealed record GpuDeviceInfo(
    string Platform,
    string EglVersion,
    string EglVendor,
    string GlVendor,
    string GlRenderer,
    string GlVersion,
    string GlslVersion,
    int MaxTextureSize,
    int MaxComputeWorkGroupCountX,
    int MaxComputeWorkGroupInvocations,
    long MaxShaderStorageBlockSize,
    bool IsSoftware,
    bool Validation)
{
    /// <summary>The library every GL call goes through, with its version (e.g. "Silk.NET.OpenGL 2.23.0").</summary>
    public string GlBinding { get; init; } = "";

    /// <summary>One line for logs and <c>b3d doctor</c>.</summary>
    public override string ToString() =>
        $"{GlRenderer} ({GlVendor}), OpenGL {GlVersion}, EGL {EglVersion} {EglVendor} on {Platform}";
}
