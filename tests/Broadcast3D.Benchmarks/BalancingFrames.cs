using Broadcast3D.Core.Assets;
using Broadcast3D.Core.Frames;
using Broadcast3D.Media;
using Broadcast3D.Tracking.Inference;

namespace Broadcast3D.Benchmarks;

/// <summary>Frame 10 of each Balancing camera, decoded once with Media's decoder, and the CPU settings of the runs.</summary>
internal static class BalancingFrames
{
    /// <summary>CPU, 2 threads: the 2-core machine the figures are taken on.</summary>
    public static InferenceOptions Cpu { get; } = new(ExecutionProvider.Cpu, IntraOpThreads: 2);

    /// <summary>Frame 10 of cameras 1..<paramref name="cameras"/>, yuv420p planes as decoded (packed into a managed copy).</summary>
    public static ImagePlanes[] Read(int cameras)
    {
        string videos = AssetLocator.RequireData("pose2sim-demo/S00_P00_SingleParticipant/S00_P00_T01_BalancingTrial/videos");
        var frames = new ImagePlanes[cameras];
        for (int c = 0; c < cameras; c++)
        {
            using Decoder decoder = Decoder.Open(Path.Combine(videos, $"cam{c + 1:00}.mp4"), new DecoderOptions { Output = FrameOutput.Native, Hardware = HardwareDecode.Software });
            for (int i = 0; i <= 10; i++)
            {
                if (!decoder.TryRead(out VideoFrame? frame))
                    throw new InvalidDataException($"camera {c + 1} ended before frame 10");
                using (frame)
                {
                    if (i < 10)
                        continue;
                    frames[c] = Packed(frame);
                }
            }
        }
        return frames;
    }

    /// <summary>A managed, tightly packed copy of a yuv420p <paramref name="frame"/> with its matrix and range.</summary>
    public static ImagePlanes Packed(VideoFrame frame)
    {
        ImagePlanes native = frame.AsPlanes();
        if (native.Layout != PixelLayout.Yuv420P)
            throw new InvalidDataException($"the Balancing videos are yuv420p, this frame is {frame.PixelFormat}");
        var pixels = new byte[frame.PackedSize];
        frame.CopyPacked(pixels);
        int w = frame.Width, h = frame.Height, cw = (w + 1) / 2, ch = (h + 1) / 2;
        return new ImagePlanes(PixelLayout.Yuv420P, w, h, pixels.AsMemory(0, w * h), w, pixels.AsMemory(w * h, cw * ch), cw,
            pixels.AsMemory((w * h) + (cw * ch), cw * ch), cw, native.Matrix, native.FullRange);
    }
}
