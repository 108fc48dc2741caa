using Broadcast3D.Core.Assets;
using Broadcast3D.Media;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Pose2D;

namespace Broadcast3D.Benchmarks;

/// <summary>Frame 10 of each Balancing camera, decoded once with Media's decoder, and the CPU settings of the runs.</summary>
internal static class BalancingFrames
{
    /// <summary>CPU, 2 threads: the 2-core machine the figures are taken on.</summary>
    public static InferenceOptions Cpu { get; } = new(ExecutionProvider.Cpu, IntraOpThreads: 2);

    /// <summary>Frame 10 of cameras 1..<paramref name="cameras"/>.</summary>
    public static RgbaFrame[] Read(int cameras)
    {
        string videos = AssetLocator.RequireData("pose2sim-demo/S00_P00_SingleParticipant/S00_P00_T01_BalancingTrial/videos");
        var frames = new RgbaFrame[cameras];
        for (int c = 0; c < cameras; c++)
        {
            using Decoder decoder = Decoder.Open(Path.Combine(videos, $"cam{c + 1:00}.mp4"), new DecoderOptions { Output = FrameOutput.Rgba, Hardware = HardwareDecode.Software });
            for (int i = 0; i <= 10; i++)
            {
                if (!decoder.TryRead(out VideoFrame? frame))
                    throw new InvalidDataException($"camera {c + 1} ended before frame 10");
                using (frame)
                {
                    if (i < 10)
                        continue;
                    var pixels = new byte[frame.PackedSize];
                    frame.CopyPacked(pixels);
                    frames[c] = new RgbaFrame(pixels, frame.Width, frame.Height);
                }
            }
        }
        return frames;
    }
}
