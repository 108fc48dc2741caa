namespace Broadcast3D.Gpu;

/// <summary>
/// A GL or EGL call failed (the driver's own message is included). The device stays usable unless the
/// message says the context was lost; the caller decides whether to skip the frame or rebuild the device.
/// </summary>
public class GpuException : Exception
{
    public GpuException(string message) : base(message)
    {
    }

    public GpuException(string message, Exception inner) : base(message, inner)
    {
    }

    public GpuException()
    {
    }
}
