using Broadcast3D.Core.Frames;
using Broadcast3D.Tracking.Preprocessing;
using ILGPU;
using ILGPU.Runtime;

namespace Broadcast3D.Tracking.Accelerators;

/// <summary>
/// Host of the ILGPU crop-preprocessing kernel (<see cref="PreprocessKernels"/>): crops, rotates, resizes and
/// normalises a decoded picture's planes (rgba8, yuv420p, nv12, yuv420p10; uploaded as they are, no RGB conversion)
/// held on the device into slots of a float tensor that stays on the device, so several crops of one frame need one
/// upload. Equals <see cref="ImagePreprocessor.CropToTensor"/> (same <see cref="CropSampler"/> maths). The plane buffer (<c>maxImageBytes</c>, all planes together) and the tensor
/// (<c>batchCapacity</c> images) are allocated once; nothing is allocated per call. Not thread-safe.
/// </summary>
public sealed class IlgpuPreprocessor : IDisposable
{
    private readonly IlgpuDevice _device;
    private readonly MemoryBuffer1D<byte, Stride1D.Dense> _image;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _tensor;
    private readonly Action<AcceleratorStream, Index2D, ArrayView<byte>, ArrayView<byte>, ArrayView<byte>, ArrayView<float>, CropParameters, Affine2D> _kernel;
    private ImagePlanes _loaded;
    private ArrayView<byte> _plane0, _plane1, _plane2;
    private bool _hasImage;

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
        _kernel = accelerator.LoadAutoGroupedKernel<Index2D, ArrayView<byte>, ArrayView<byte>, ArrayView<byte>, ArrayView<float>, CropParameters, Affine2D>(PreprocessKernels.CropToTensor);
        _image = accelerator.Allocate1D<byte>(maxImageBytes);
        _tensor = accelerator.Allocate1D<float>(checked((long)spec.ElementsPerImage * batchCapacity));
    }

    /// <summary>The model input layout.</summary>
    public TensorSpec Spec { get; }

    /// <summary>Images the tensor holds.</summary>
    public int BatchCapacity { get; }

    /// <summary>
    /// Copies the planes of <paramref name="image"/> (their visible rows, strides kept) to the device for the next
    /// crops; the picture may be released once this returns.
    /// </summary>
    /// <exception cref="ArgumentException">The planes exceed the device buffer, or a layout tracking cannot sample (names it).</exception>
    public void LoadImage(in ImagePlanes image)
    {
        long total = ImageBytes(image);
        int planes = ImagePlanes.PlaneCount(image.Layout);
        if (total > _image.Length)
        {
            throw new ArgumentException($"Image {image.Width}x{image.Height} {image.Layout} ({total} bytes) exceeds the device buffer of {_image.Length} bytes.", nameof(image));
        }

        AcceleratorStream stream = _device.Accelerator.DefaultStream;
        long offset = 0;
        ArrayView<byte> view0 = Upload(stream, image, 0, ref offset);
        _plane0 = view0;
        _plane1 = planes > 1 ? Upload(stream, image, 1, ref offset) : view0;
        _plane2 = planes > 2 ? Upload(stream, image, 2, ref offset) : view0;
        _loaded = image;
        _hasImage = true;
    }

    /// <summary>Fills slot <paramref name="batchIndex"/> with the crop of the loaded image sampled at <paramref name="tensorToImage"/>.</summary>
    /// <exception cref="InvalidOperationException">No image loaded.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The slot is outside the batch.</exception>
    public void CropToTensor(in Affine2D tensorToImage, int batchIndex)
    {
        if (!_hasImage)
        {
            throw new InvalidOperationException("Load an image (LoadImage) before cropping.");
        }

        if ((uint)batchIndex >= (uint)BatchCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(batchIndex), $"Slot {batchIndex} is outside the batch of {BatchCapacity}.");
        }

        CropParameters parameters = CropParameters.From(Spec, _loaded, batchIndex * Spec.ElementsPerImage);
        _kernel(_device.Accelerator.DefaultStream, new Index2D(Spec.Width, Spec.Height), _plane0, _plane1, _plane2, _tensor.View, parameters, tensorToImage);
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

    /// <summary>Device bytes that <see cref="LoadImage"/> needs for <paramref name="image"/>'s planes (all together).</summary>
    /// <exception cref="ArgumentException">A layout tracking cannot sample, naming it.</exception>
    internal static long ImageBytes(in ImagePlanes image)
    {
        if (image.Layout is not (PixelLayout.Rgba8 or PixelLayout.Yuv420P or PixelLayout.Nv12 or PixelLayout.Yuv420P10))
        {
            throw new ArgumentException($"Tracking samples rgba8, yuv420p, nv12 or yuv420p10 pictures, not {image.Layout}.", nameof(image));
        }

        int planes = ImagePlanes.PlaneCount(image.Layout);
        long total = 0;
        for (int p = 0; p < planes; p++)
        {
            total += PlaneBytes(image, p);
        }

        return total;
    }

    /// <summary>Bytes of plane <paramref name="plane"/> the sampler reads: every row at its stride but the last, which ends at its visible bytes.</summary>
    private static long PlaneBytes(in ImagePlanes image, int plane)
    {
        (int rowBytes, int rows) = ImagePlanes.PlaneShape(image.Layout, image.Width, image.Height, plane);
        return ((long)image.Stride(plane) * (rows - 1)) + rowBytes;
    }

    private ArrayView<byte> Upload(AcceleratorStream stream, in ImagePlanes image, int plane, ref long offset)
    {
        long bytes = PlaneBytes(image, plane);
        ArrayView<byte> view = _image.View.SubView(offset, bytes);
        view.CopyFromCPU(stream, image.Plane(plane).Span[..(int)bytes]);
        offset += bytes;
        return view;
    }

    public void Dispose()
    {
        _image.Dispose();
        _tensor.Dispose();
    }
}
