using Broadcast3D.Tracking.Preprocessing;
using ILGPU;
using ILGPU.Runtime;

namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// Host of the ILGPU crop-preprocessing kernel (<see cref="PreprocessKernels"/>): crops, rotates, resizes and
/// normalises an RGBA8 image held on the device into slots of a float tensor that stays on the device, so several
/// crops of one frame need one upload. Equals <see cref="ImagePreprocessor.CropToTensor"/> (same
/// <see cref="CropSampler"/> maths). The image buffer (<c>maxImageBytes</c>) and the tensor
/// (<c>batchCapacity</c> images) are allocated once; nothing is allocated per call. Not thread-safe.
/// </summary>
public sealed class IlgpuPreprocessor : IDisposable
{
    private readonly IlgpuDevice _device;
    private readonly MemoryBuffer1D<byte, Stride1D.Dense> _image;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _tensor;
    private readonly Action<AcceleratorStream, Index2D, ArrayView<byte>, ArrayView<float>, CropParameters, Affine2D> _kernel;
    private int _width, _height, _stride;

    /// <summary>Compiles the kernel on <paramref name="device"/> (borrowed) and allocates the image and tensor buffers.</summary>
    /// <exception cref="ArgumentException">A spec without a positive size or without 3 means and 3 standard deviations.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchCapacity"/> or <paramref name="maxImageBytes"/> &lt; 1.</exception>
    public IlgpuPreprocessor(IlgpuDevice device, TensorSpec spec, int batchCapacity, int maxImageBytes)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxImageBytes, 1);
        if (spec.Width < 1 || spec.Height < 1 || spec.Mean.Length != 3 || spec.Std.Length != 3)
        {
            throw new ArgumentException("The tensor spec needs a positive size, 3 means and 3 standard deviations.", nameof(spec));
        }

        _device = device;
        Spec = spec;
        BatchCapacity = batchCapacity;
        Accelerator accelerator = device.Accelerator;
        _kernel = accelerator.LoadAutoGroupedKernel<Index2D, ArrayView<byte>, ArrayView<float>, CropParameters, Affine2D>(PreprocessKernels.CropToTensor);
        _image = accelerator.Allocate1D<byte>(maxImageBytes);
        _tensor = accelerator.Allocate1D<float>(checked((long)spec.ElementsPerImage * batchCapacity));
    }

    /// <summary>The model input layout.</summary>
    public TensorSpec Spec { get; }

    /// <summary>Images the tensor holds.</summary>
    public int BatchCapacity { get; }

    /// <summary>Copies an RGBA8 image (width × height, <paramref name="strideBytes"/> per row) to the device for the next crops.</summary>
    /// <exception cref="ArgumentException">The image does not fit its span or the device buffer.</exception>
    public void LoadImage(ReadOnlySpan<byte> rgba, int width, int height, int strideBytes)
    {
        long bytes = ((long)strideBytes * (height - 1)) + ((long)width * 4);
        if (width <= 0 || height <= 0 || strideBytes < width * 4 || rgba.Length < bytes)
        {
            throw new ArgumentException($"Image {width}x{height} with stride {strideBytes} does not fit in {rgba.Length} bytes.", nameof(rgba));
        }

        if (bytes > _image.Length)
        {
            throw new ArgumentException($"Image {width}x{height} ({bytes} bytes) exceeds the device buffer of {_image.Length} bytes.", nameof(rgba));
        }

        _image.View.SubView(0, bytes).CopyFromCPU(_device.Accelerator.DefaultStream, rgba[..(int)bytes]);
        (_width, _height, _stride) = (width, height, strideBytes);
    }

    /// <summary>Fills slot <paramref name="batchIndex"/> with the crop of the loaded image sampled at <paramref name="tensorToImage"/>.</summary>
    /// <exception cref="InvalidOperationException">No image loaded.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The slot is outside the batch.</exception>
    public void CropToTensor(in Affine2D tensorToImage, int batchIndex)
    {
        if (_width == 0)
        {
            throw new InvalidOperationException("Load an image (LoadImage) before cropping.");
        }

        if ((uint)batchIndex >= (uint)BatchCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(batchIndex), $"Slot {batchIndex} is outside the batch of {BatchCapacity}.");
        }

        CropParameters parameters = CropParameters.From(Spec, _width, _height, _stride, batchIndex * Spec.ElementsPerImage);
        _kernel(_device.Accelerator.DefaultStream, new Index2D(Spec.Width, Spec.Height), _image.View, _tensor.View, parameters, tensorToImage);
    }

    /// <summary>Copies slot <paramref name="batchIndex"/> to the CPU; waits for the device.</summary>
    /// <exception cref="ArgumentException">Wrong destination length, or a slot outside the batch.</exception>
    public void ReadTensor(int batchIndex, Span<float> destination)
    {
        if ((uint)batchIndex >= (uint)BatchCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(batchIndex), $"Slot {batchIndex} is outside the batch of {BatchCapacity}.");
        }

        if (destination.Length != Spec.ElementsPerImage)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; an image is {Spec.ElementsPerImage}.", nameof(destination));
        }

        AcceleratorStream stream = _device.Accelerator.DefaultStream;
        _tensor.View.SubView((long)batchIndex * Spec.ElementsPerImage, Spec.ElementsPerImage).CopyToCPU(stream, destination);
        stream.Synchronize();
    }

    public void Dispose()
    {
        _image.Dispose();
        _tensor.Dispose();
    }
}
