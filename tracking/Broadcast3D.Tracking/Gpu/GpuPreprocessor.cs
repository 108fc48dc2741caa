using System.Numerics;
using Broadcast3D.Gpu;
using Broadcast3D.Tracking.Preprocessing;

namespace Broadcast3D.Tracking.Gpu;

/// <summary>
/// Host of the preprocessing kernel (<c>shaders/preprocess.comp</c>): crops, rotates, resizes and normalises a
/// frame already on the GPU (an RGBA8 <see cref="GpuTexture"/>) into one slot of a float tensor that stays on the
/// GPU, so frames need not round-trip through the CPU. Equals <see cref="ImagePreprocessor.CropToTensor"/> within
/// 1e-3. The tensor buffer is allocated once for <c>batchCapacity</c> images. Owned by the device's thread.
/// </summary>
public sealed class GpuPreprocessor : IDisposable
{
    private const int GroupSize = 8; // local_size_x and _y of the kernel

    private readonly GpuDevice _device;
    private readonly GpuProgram _kernel;
    private readonly GpuBuffer _affine;

    /// <summary>Compiles the kernel and allocates a tensor of <paramref name="batchCapacity"/> images of <paramref name="spec"/>.</summary>
    public GpuPreprocessor(GpuDevice device, TensorSpec spec, int batchCapacity)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchCapacity, 1);
        if (spec.Width < 1 || spec.Height < 1 || spec.Mean.Length != 3 || spec.Std.Length != 3)
            throw new ArgumentException("the tensor spec needs a positive size and 3 means and 3 standard deviations", nameof(spec));
        _device = device;
        Spec = spec;
        BatchCapacity = batchCapacity;
        _kernel = device.CreateComputeProgram("preprocess.comp");
        _affine = device.CreateBuffer(new BufferDescription(6 * sizeof(double), BufferUsage.Dynamic));
        Tensor = device.CreateBuffer(new BufferDescription((long)spec.ElementsPerImage * batchCapacity * sizeof(float), BufferUsage.Readback));
        _kernel.SetInt("frame", 0);
    }

    /// <summary>The model input layout.</summary>
    public TensorSpec Spec { get; }

    /// <summary>Images the tensor holds.</summary>
    public int BatchCapacity { get; }

    /// <summary>The tensor, <see cref="BatchCapacity"/> × <see cref="TensorSpec.ElementsPerImage"/> floats; owned by this instance.</summary>
    public GpuBuffer Tensor { get; }

    /// <summary>Fills image slot <paramref name="batchIndex"/> with the crop of <paramref name="frame"/> sampled at <paramref name="tensorToImage"/>.</summary>
    public void CropToTensor(GpuTexture frame, in Affine2D tensorToImage, int batchIndex)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Format != TextureFormat.Rgba8)
            throw new ArgumentException($"the frame must be Rgba8, not {frame.Format}", nameof(frame));
        if ((uint)batchIndex >= (uint)BatchCapacity)
            throw new ArgumentOutOfRangeException(nameof(batchIndex), $"slot {batchIndex} is outside the batch of {BatchCapacity}");
        CropToTensorCore(frame, tensorToImage, batchIndex);
    }

    /// <summary>Copies image slot <paramref name="batchIndex"/> to the CPU (tests, CPU inference); waits for the GPU.</summary>
    public void ReadTensor(int batchIndex, Span<float> destination)
    {
        if ((uint)batchIndex >= (uint)BatchCapacity)
            throw new ArgumentOutOfRangeException(nameof(batchIndex), $"slot {batchIndex} is outside the batch of {BatchCapacity}");
        if (destination.Length != Spec.ElementsPerImage)
            throw new ArgumentException($"destination holds {destination.Length} floats, an image is {Spec.ElementsPerImage}", nameof(destination));
        Tensor.Read(destination, (long)batchIndex * Spec.ElementsPerImage * sizeof(float));
    }

    private void CropToTensorCore(GpuTexture frame, in Affine2D m, int batchIndex)
    {
        Span<double> affine = [m.M11, m.M12, m.M13, m.M21, m.M22, m.M23];
        _affine.Update<double>(affine);
        TensorSpec spec = Spec;
        _kernel.SetIVector2("imageSize", frame.Width, frame.Height);
        _kernel.SetIVector2("tensorSize", spec.Width, spec.Height);
        _kernel.SetUInt("outputOffset", (uint)(batchIndex * spec.ElementsPerImage));
        _kernel.SetVector3("mean", new Vector3(spec.Mean[0], spec.Mean[1], spec.Mean[2]));
        _kernel.SetVector3("inverseStd", new Vector3(1f / spec.Std[0], 1f / spec.Std[1], 1f / spec.Std[2]));
        _kernel.SetFloat("padValue", spec.PadValue);
        _kernel.SetInt("nchw", spec.Layout == TensorLayout.Nchw ? 1 : 0);
        _kernel.SetInt("bgr", spec.Order == ChannelOrder.Bgr ? 1 : 0);
        _device.BindTexture(0, frame);
        _device.BindStorageBuffer(0, Tensor);
        _device.BindStorageBuffer(1, _affine);
        _device.Dispatch(_kernel, (spec.Width + GroupSize - 1) / GroupSize, (spec.Height + GroupSize - 1) / GroupSize);
    }

    public void Dispose()
    {
        _kernel.Dispose();
        _affine.Dispose();
        Tensor.Dispose();
    }
}
