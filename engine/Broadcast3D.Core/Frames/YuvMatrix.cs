namespace Broadcast3D.Core.Frames;

/// <summary>The Y'CbCr matrix of a YUV picture (ITU-R BT.601 or BT.709); RGB pictures ignore it.</summary>
public enum YuvMatrix
{
    /// <summary>ITU-R BT.709 (HD and above; what FFmpeg assumes for unspecified HD streams in this project).</summary>
    Bt709,

    /// <summary>ITU-R BT.601 (SD).</summary>
    Bt601,
}
