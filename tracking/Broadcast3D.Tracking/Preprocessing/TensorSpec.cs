namespace Broadcast3D.Tracking.Preprocessing;

/// <summary>Memory layout of an image tensor.</summary>
public enum TensorLayout
{
    /// <summary>[N, C, H, W] planes (RTMDet, YOLOX, RTMPose).</summary>
    Nchw,
    /// <summary>[N, H, W, C] interleaved (BlazePose, MoveNet).</summary>
    Nhwc,
}

/// <summary>Channel order written into the tensor.</summary>
public enum ChannelOrder
{
    Rgb,
    Bgr,
}

/// <summary>
/// How a model wants its input: size, layout, channel order, per-channel normalisation
/// <c>(value − Mean[c]) / Std[c]</c> on 0–255 samples (Mean/Std indexed in the tensor's channel order), and the
/// 0–255 value used where the crop leaves the image.
/// </summary>
public sealed record TensorSpec(int Width, int Height, TensorLayout Layout, ChannelOrder Order,
    float[] Mean, float[] Std, float PadValue)
{
    /// <summary>Floats in one image of the batch.</summary>
    public int ElementsPerImage => Width * Height * 3;
}
