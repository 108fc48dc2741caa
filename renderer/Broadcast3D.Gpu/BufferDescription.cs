namespace Broadcast3D.Gpu;

/// <summary>How the CPU uses a <see cref="GpuBuffer"/> after creation.</summary>
[Flags]
public enum BufferUsage
{
    /// <summary>Written once at creation (initial data) and only by shaders afterwards.</summary>
    None = 0,
    /// <summary>The CPU updates it with <see cref="GpuBuffer.Update{T}"/> (e.g. per frame).</summary>
    Dynamic = 1,
    /// <summary>The CPU reads it back with <see cref="GpuBuffer.Read{T}"/>; kept in memory the CPU reads fast.</summary>
    Readback = 2,
}

/// <summary>Creation parameters of a <see cref="GpuBuffer"/> (shader storage, uniform or pixel buffer).</summary>
/// <param name="SizeInBytes">Size in bytes, greater than zero.</param>
/// <param name="Usage">CPU access after creation.</param>
public readonly record struct BufferDescription(long SizeInBytes, BufferUsage Usage);
