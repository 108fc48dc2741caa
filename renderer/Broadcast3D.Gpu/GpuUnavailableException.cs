namespace Broadcast3D.Gpu;

/// <summary>
/// No usable GL 4.5 device: EGL missing, no display/device, no 4.5 core context, or only a software renderer
/// where a hardware one was required. The message says what was tried and what to install.
/// </summary>
public sealed class GpuUnavailableException : GpuException
{
    public GpuUnavailableException(string message) : base(message)
    {
    }

    public GpuUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }

    public GpuUnavailableException()
    {
    }
}
