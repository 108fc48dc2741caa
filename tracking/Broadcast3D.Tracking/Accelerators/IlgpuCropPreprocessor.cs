using Broadcast3D.Core.Frames;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// <see cref="ICropPreprocessor"/> by the ILGPU crop kernel (<see cref="IlgpuPreprocessor"/>) on its own device:
/// <see cref="Load"/> uploads the picture's planes once, each <see cref="Crop"/> runs the kernel into a device
/// tensor and copies it to the host span (where ONNX Runtime reads its input). Feeding the device tensor to a
/// CUDA execution provider without the copy (ORT I/O binding on device memory) is not done: it could not be tested
/// without a GPU. The device buffers are sized by the first picture and grow (reallocated once) for a larger one;
/// a steady stream of same-size pictures allocates nothing. Binds the accelerator to the calling thread on every
/// <see cref="Load"/> (a CUDA context is current per thread; the live worker runs on its own thread). Not thread-safe.
/// </summary>
public sealed class IlgpuCropPreprocessor : ICropPreprocessor
{
    private readonly IlgpuDevice _device;
    private IlgpuPreprocessor? _kernel;
    private long _capacity;
    private bool _loaded;

    /// <summary>Opens the first device of <paramref name="kind"/> (CUDA, OpenCL or CPU; resolve <c>auto</c> first).</summary>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not an ILGPU device kind, or no such device exists.</exception>
    public IlgpuCropPreprocessor(TrackingAccelerator kind, TensorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Width < 1 || spec.Height < 1 || spec.Mean.Length != 3 || spec.Std.Length != 3)
            throw new ArgumentException("The tensor spec needs a positive size, 3 means and 3 standard deviations.", nameof(spec));
        Spec = spec;
        _device = IlgpuDevice.Open(kind);
        Name = $"ilgpu {TrackingAccelerators.Name(kind)} ({_device.Name})";
    }

    public TensorSpec Spec { get; }

    public string Name { get; }

    public void Load(in ImagePlanes image)
    {
        long bytes = IlgpuPreprocessor.ImageBytes(image);
        _device.Accelerator.Bind();
        if (_kernel is null || bytes > _capacity)
        {
            if (bytes > int.MaxValue)
                throw new ArgumentException($"Image {image.Width}x{image.Height} {image.Layout} ({bytes} bytes) is larger than the crop kernel's 2 GiB buffer.", nameof(image));
            _kernel?.Dispose();
            // Cleared first: if the larger allocation fails, no disposed host is left behind to be used.
            _kernel = null;
            _kernel = new IlgpuPreprocessor(_device, Spec, 1, (int)bytes);
            _capacity = bytes;
        }

        _kernel.LoadImage(image);
        _loaded = true;
    }

    public void Crop(in Affine2D tensorToImage, Span<float> destination)
    {
        if (!_loaded || _kernel is null)
            throw new InvalidOperationException("Load a picture (Load) before cropping.");
        if (destination.Length != Spec.ElementsPerImage)
            throw new ArgumentException($"destination holds {destination.Length} floats, the tensor needs {Spec.ElementsPerImage}", nameof(destination));
        _kernel.CropToTensor(tensorToImage, 0);
        _kernel.ReadTensor(0, destination);
    }

    public void Dispose()
    {
        _kernel?.Dispose();
        _kernel = null;
        _device.Dispose();
    }
}
