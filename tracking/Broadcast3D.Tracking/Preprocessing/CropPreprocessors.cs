using Broadcast3D.Tracking.Accelerators;

namespace Broadcast3D.Tracking.Preprocessing;

/// <summary>
/// Parsing, resolving and creating the models' input stage (<see cref="ICropPreprocessor"/>), set by
/// <c>--preprocess</c> and <c>tracking.preprocess</c>: <c>auto|cuda|opencl|cpu|reference</c>. <c>auto</c> takes the
/// ILGPU kernel only on a GPU (CUDA, then OpenCL with fp64) and the C# reference otherwise: with ONNX Runtime on
/// the CPU the tensor must end on the host, and ILGPU's CPU accelerator crops 117× slower than the reference
/// (docs/ilgpu.md), so on a machine without a GPU <c>auto</c> changes nothing. <c>cpu</c> runs the kernel on that
/// accelerator anyway (how it is tested without a GPU). The choice is separate from <c>tracking.accelerator</c>
/// (the triangulation's): a user may triangulate on the reference and crop on the GPU, or the reverse. The kernel
/// samples in float with double coordinates on every device, so there are no <c>-float</c> kinds here.
/// Thread-safe (stateless).
/// </summary>
public static class CropPreprocessors
{
    /// <summary>The spellings accepted by <see cref="TryParse"/>, in the order shown to users.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "cuda", "opencl", "cpu", "reference"];

    /// <summary>Parses a lower-case name (<c>auto|cuda|opencl|cpu|reference</c>); false for anything else, the <c>-float</c> kinds included.</summary>
    public static bool TryParse(string? text, out TrackingAccelerator choice)
    {
        if (Names.Contains(text) && TrackingAccelerators.TryParse(text, out choice))
            return true;
        choice = (TrackingAccelerator)(-1);
        return false;
    }

    /// <summary>
    /// Resolves <paramref name="requested"/> to what will crop: <see cref="TrackingAccelerator.Reference"/>,
    /// <see cref="TrackingAccelerator.Cuda"/>, <see cref="TrackingAccelerator.OpenCL"/> or <see cref="TrackingAccelerator.Cpu"/>.
    /// </summary>
    /// <param name="requested">The user's choice.</param>
    /// <param name="optionName">How the user spelled the setting (<c>--preprocess</c>, <c>tracking.preprocess</c>), for the error.</param>
    /// <exception cref="AcceleratorUnavailableException">A GPU kind that is not usable here; names the option, the reason and the choices.</exception>
    /// <exception cref="ArgumentException">A <c>-float</c> kind, naming the option.</exception>
    public static TrackingAccelerator Resolve(TrackingAccelerator requested, string optionName)
    {
        if (!Enum.IsDefined(requested) || TrackingAccelerators.IsSinglePrecision(requested))
        {
            string name = Enum.IsDefined(requested) ? TrackingAccelerators.Name(requested) : requested.ToString();
            throw new ArgumentException(
                $"{optionName}: '{name}' is not a preprocessing choice (the crop kernel has no float kind); use {string.Join(", ", Names)}", nameof(requested));
        }

        return TrackingAccelerators.Resolve(requested, optionName);
    }

    /// <summary>
    /// The input stage of one model for <paramref name="spec"/>: the reference for <see cref="TrackingAccelerator.Reference"/>,
    /// else the ILGPU kernel on its own device of that kind. <c>auto</c> is resolved here (<see cref="Resolve"/>,
    /// option name "preprocess"); commands resolve it once at start instead, so that its error names their option.
    /// The caller disposes the result.
    /// </summary>
    /// <exception cref="AcceleratorUnavailableException">The requested GPU kind is not usable here.</exception>
    /// <exception cref="ArgumentException">A <c>-float</c> kind.</exception>
    public static ICropPreprocessor Create(TrackingAccelerator choice, TensorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        TrackingAccelerator resolved = Resolve(choice, "preprocess");
        return resolved == TrackingAccelerator.Reference
            ? new ReferenceCropPreprocessor(spec)
            : new IlgpuCropPreprocessor(resolved, spec);
    }
}
