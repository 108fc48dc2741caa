namespace Broadcast3D.Media;

/// <summary>Video codecs an <see cref="Encoder"/> writes, each with the FFmpeg encoder and pixel format it uses.</summary>
public enum VideoCodec
{
    /// <summary>H.264 via libx264, yuv420p (playable everywhere).</summary>
    H264,
    /// <summary>HEVC via libx265, yuv420p.</summary>
    Hevc,
    /// <summary>Apple ProRes 422 HQ via prores_ks, yuv422p10le (MOV).</summary>
    ProRes422Hq,
    /// <summary>Apple ProRes 4444 with alpha via prores_ks, yuva444p10le (MOV): a fill+key master in one file.</summary>
    ProRes4444,
}
