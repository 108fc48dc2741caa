using Broadcast3D.Core.Frames;

namespace Broadcast3D.Tracking.Preprocessing;

/// <summary>
/// <see cref="ICropPreprocessor"/> by the plain C# reference (<see cref="ImagePreprocessor.CropToTensor"/>) on the
/// calling thread: the fastest choice without a GPU (docs/ilgpu.md). Holds no resources; allocates nothing per crop.
/// </summary>
public sealed class ReferenceCropPreprocessor : ICropPreprocessor
{
    private ImagePlanes _image;
    private bool _loaded;

    /// <summary>Crops into tensors laid out as <paramref name="spec"/>.</summary>
    public ReferenceCropPreprocessor(TensorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
    }

    public TensorSpec Spec { get; }

    public string Name => "reference";

    public void Load(in ImagePlanes image)
    {
        // Validates the layout now, as the ILGPU implementation does when it uploads.
        _ = CropParameters.From(Spec, image, 0);
        _image = image;
        _loaded = true;
    }

    public void Crop(in Affine2D tensorToImage, Span<float> destination)
    {
        if (!_loaded)
            throw new InvalidOperationException("Load a picture (Load) before cropping.");
        ImagePreprocessor.CropToTensor(_image, tensorToImage, Spec, destination);
    }

    /// <summary>Nothing to release; forgets the picture.</summary>
    public void Dispose()
    {
        _image = default;
        _loaded = false;
    }
}
