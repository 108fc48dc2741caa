namespace Broadcast3D.Media;

/// <summary>Whether a <see cref="Decoder"/> tries hardware decoding.</summary>
public enum HardwareDecode
{
    /// <summary>Try CUDA (NVDEC); fall back to software with the reason in <see cref="Decoder.HardwareStatus"/>.</summary>
    Auto,
    /// <summary>Software decoding only.</summary>
    Software,
    /// <summary>CUDA (NVDEC) or fail: opening throws when no CUDA device or no NVDEC support for the codec.</summary>
    Cuda,
}
