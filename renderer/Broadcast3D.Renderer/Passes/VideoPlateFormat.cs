namespace Broadcast3D.Renderer.Passes;

/// <summary>How the planes of a 4:2:0 video frame are laid out.</summary>
public enum VideoPlateFormat
{
    /// <summary>Three planes: Y (full size), Cb and Cr (half width, half height): FFmpeg's yuv420p.</summary>
    Yuv420P,
    /// <summary>Two planes: Y and interleaved CbCr at half size: NV12 (hardware decoders).</summary>
    Nv12,
    /// <summary>As <see cref="Yuv420P"/> with 10-bit samples in the low bits of little-endian 16-bit words: FFmpeg's yuv420p10le.</summary>
    Yuv420P10,
}

/// <summary>Y'CbCr → R'G'B' matrix and range of the source.</summary>
public enum YuvColorSpace
{
    /// <summary>ITU-R BT.709, limited range (Y' 16–235, C 16–240): HD broadcast and the default.</summary>
    Bt709Limited,
    /// <summary>BT.709, full range (0–255).</summary>
    Bt709Full,
    /// <summary>ITU-R BT.601, limited range (SD sources, many phone and webcam files).</summary>
    Bt601Limited,
    /// <summary>BT.601, full range (JPEG, MJPEG webcams: FFmpeg's yuvj420p).</summary>
    Bt601Full,
}
