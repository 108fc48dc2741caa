using Broadcast3D.Core.Frames;

namespace Broadcast3D.Tracking.Preprocessing;

/// <summary>
/// The models' input stage for one tensor layout (<see cref="Spec"/>): the pose models' rotated crops and the
/// detectors' letterbox are both an affine crop of a decoded picture (<see cref="Affine2D"/>), sampled by
/// <see cref="CropSampler"/>. Two implementations run the same maths: <see cref="ReferenceCropPreprocessor"/> (plain
/// C# on the calling thread) and <see cref="Accelerators.IlgpuCropPreprocessor"/> (the ILGPU kernel on a CUDA,
/// OpenCL or CPU accelerator); <see cref="CropPreprocessors"/> chooses one. A model loads each picture once and
/// takes all its crops from it. Not thread-safe; one per model.
/// </summary>
public interface ICropPreprocessor : IDisposable
{
    /// <summary>The model input layout every crop is written in.</summary>
    TensorSpec Spec { get; }

    /// <summary>What runs the crops, for logs: "reference", or "ilgpu cpu (device name)".</summary>
    string Name { get; }

    /// <summary>
    /// Makes <paramref name="image"/> the source of the next <see cref="Crop"/> calls. Its planes must stay valid and
    /// unchanged until the last of those calls (the reference reads them there; the ILGPU one copies them here).
    /// </summary>
    /// <exception cref="ArgumentException">A layout tracking cannot sample (UYVY), naming it.</exception>
    void Load(in ImagePlanes image);

    /// <summary>
    /// Fills <paramref name="destination"/> (exactly <see cref="TensorSpec.ElementsPerImage"/> floats, on the host)
    /// with the loaded picture sampled at <paramref name="tensorToImage"/> (tensor pixel → picture pixel, pixel
    /// centres at integers); taps outside the picture blend with <see cref="TensorSpec.PadValue"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No picture loaded.</exception>
    /// <exception cref="ArgumentException">A destination of the wrong length.</exception>
    void Crop(in Affine2D tensorToImage, Span<float> destination);
}
