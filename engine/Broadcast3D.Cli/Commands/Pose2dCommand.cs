using Broadcast3D.Core.Frames;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Broadcast3D.Media;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Inference;
using Broadcast3D.Tracking.Pose2D;
using Broadcast3D.Tracking.Preprocessing;
using Serilog;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// <c>b3d pose2d VIDEO_OR_DIR --out DIR [--detector rtmdet] [--pose blazepose-full] [--every K] [--preprocess auto]</c>: 2D keypoints of
/// every frame of one video, or of the videos of a folder taken as synchronised cameras (frame i of each is one
/// frame set), written as OpenPose BODY_25B JSON, one folder per camera (<c>cam01_json/</c>), which
/// <c>b3d triangulate --pose2d DIR</c> and Pose2Sim read.
/// </summary>
internal static class Pose2dCommand
{
    private static readonly string[] VideoExtensions = [".mp4", ".mov", ".mkv", ".avi", ".webm", ".mxf"];

    public static Command Create()
    {
        var input = new Argument<string>("VIDEO_OR_DIR") { Description = "A video file, or a folder whose videos are synchronised cameras (natural name order)." };
        var output = new Option<string>("--out") { Description = "Folder for the OpenPose JSON folders (created).", Required = true };
        var detector = new Option<string>("--detector") { Description = "Person detector: rtmdet, yolox, movenet-multipose, or an .onnx path with --detector-family.", DefaultValueFactory = _ => "rtmdet" };
        var detectorFamily = new Option<string?>("--detector-family") { Description = "Family of a detector given by path: rtmdet, yolox, movenet-multipose." };
        var pose = new Option<string>("--pose") { Description = "Pose model: blazepose-lite/full/heavy, movenet-lightning/thunder, or an .onnx path with --pose-family.", DefaultValueFactory = _ => "blazepose-full" };
        var poseFamily = new Option<string?>("--pose-family") { Description = "Family of a pose model given by path: blazepose, movenet, rtmpose." };
        var every = new Option<int>("--every") { Description = "Run the detector every K frames; people are tracked in between.", DefaultValueFactory = _ => 1 };
        var maxPeople = new Option<int>("--max-people") { Description = "People kept per camera.", DefaultValueFactory = _ => 8 };
        var frames = new Option<int>("--frames") { Description = "Stop after this many frame sets (0 = all).", DefaultValueFactory = _ => 0 };
        var provider = new Option<string>("--provider") { Description = "Execution provider: auto (TensorRT, CUDA, else CPU), cpu, cuda, tensorrt.", DefaultValueFactory = _ => "auto" };
        provider.AcceptOnlyFromAmong("auto", "cpu", "cuda", "tensorrt");
        var threads = new Option<int>("--threads") { Description = "CPU threads per inference (0 = ONNX Runtime's default).", DefaultValueFactory = _ => 0 };
        var preprocess = new Option<string>("--preprocess")
        {
            Description = "What crops the models' inputs: auto (the ILGPU kernel on CUDA, else OpenCL with fp64, else reference), cuda, opencl, cpu (the kernel on ILGPU's CPU accelerator: slow, for testing) or reference (plain C#).",
            DefaultValueFactory = _ => "auto",
        };
        preprocess.AcceptOnlyFromAmong([.. CropPreprocessors.Names]);

        var command = new Command("pose2d", "Detect people and estimate their 2D keypoints in videos; write OpenPose JSON.")
        {
            input, output, detector, detectorFamily, pose, poseFamily, every, maxPeople, frames, provider, threads, preprocess,
        };
        command.SetAction(parse =>
        {
            CropPreprocessors.TryParse(parse.GetValue(preprocess), out TrackingAccelerator crops);
            var options = new InferenceOptions(parse.GetValue(provider) switch
            {
                "cpu" => ExecutionProvider.Cpu,
                "cuda" => ExecutionProvider.Cuda,
                "tensorrt" => ExecutionProvider.TensorRt,
                _ => ExecutionProvider.Auto,
            }, parse.GetValue(threads), Preprocess: crops);
            return Run(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(detector)!, parse.GetValue(detectorFamily),
                parse.GetValue(pose)!, parse.GetValue(poseFamily), new Pose2DOptions(parse.GetValue(every), parse.GetValue(maxPeople)),
                parse.GetValue(frames), options);
        });
        return command;
    }

    private static int Run(string input, string output, string detectorName, string? detectorFamily, string poseName, string? poseFamily,
        Pose2DOptions pipelineOptions, int maxFrames, InferenceOptions inference)
    {
        var decoders = new List<Decoder>();
        VideoFrame?[] held = [];
        try
        {
            if (pipelineOptions.DetectEvery < 1 || pipelineOptions.MaxPeoplePerCamera < 1 || maxFrames < 0)
                throw new UsageException($"--every and --max-people must be ≥ 1 and --frames ≥ 0 (got {pipelineOptions.DetectEvery}, {pipelineOptions.MaxPeoplePerCamera}, {maxFrames})");
            CliChecks.Threads(inference.IntraOpThreads);
            inference = inference with { Preprocess = CropPreprocessors.Resolve(inference.Preprocess, "--preprocess") };
            string[] videos = Videos(input);
            output = CliChecks.OutputFolder(output);
            ModelReference det = Model("--detector", () => ModelCatalog.Resolve(detectorName, detectorFamily is null ? null : ModelCatalog.ParseFamily(detectorFamily)));
            ModelReference est = Model("--pose", () => ModelCatalog.Resolve(poseName, poseFamily is null ? null : ModelCatalog.ParseFamily(poseFamily)));
            using var pipeline = new Pose2DPipeline(Model("--detector", () => ModelCatalog.CreateDetector(det, inference)),
                Model("--pose", () => ModelCatalog.CreateEstimator(est, inference)), videos.Length, pipelineOptions);
            Console.Out.WriteLine($"Models: {pipeline.Description}");

            var writer = new OpenPoseJsonWriter(pipeline.Skeleton);
            var names = new string[videos.Length];
            var folders = new string[videos.Length];
            held = new VideoFrame?[videos.Length];
            var set = new ImagePlanes[videos.Length];
            var people = new long[videos.Length];
            for (int c = 0; c < videos.Length; c++)
            {
                decoders.Add(OpenDecoder(videos[c]));
                names[c] = Path.GetFileNameWithoutExtension(videos[c]);
                folders[c] = Path.Combine(output, names[c] + "_json");
                Directory.CreateDirectory(folders[c]);
                Console.Out.WriteLine($"Camera {c + 1}: {videos[c]} ({decoders[c].Stream.Width}×{decoders[c].Stream.Height}, {decoders[c].HardwareStatus})");
            }

            long frame = 0;
            int ended = -1;
            var clock = Stopwatch.StartNew();
            while (maxFrames == 0 || frame < maxFrames)
            {
                ended = ReadSet(decoders, videos, held, set);
                if (ended >= 0)
                    break;
                IReadOnlyList<CameraPoses> poses = pipeline.Process(set);
                for (int c = 0; c < videos.Length; c++)
                {
                    writer.Write(Path.Combine(folders[c], OpenPoseJsonWriter.FileName(names[c], frame)), poses[c]);
                    people[c] += poses[c].Count;
                }
                frame++;
            }
            double seconds = clock.Elapsed.TotalSeconds;
            if (frame == 0)
                throw new InvalidDataException($"no frame could be decoded from {input}");
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{frame} frame sets × {videos.Length} cameras in {seconds:F1} s ({frame / seconds:F2} sets/s, {frame * videos.Length / seconds:F2} frames/s, decode included)."));
            for (int c = 0; c < videos.Length; c++)
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {names[c]}: {people[c] / (double)frame:F2} people per frame → {folders[c]}"));
            return ended >= 0 && Truncated(decoders[ended], videos[ended], frame) ? CliErrors.BadInput : CliErrors.Ok;
        }
        finally
        {
            foreach (VideoFrame? f in held)
                f?.Dispose();
            foreach (Decoder d in decoders)
                d.Dispose();
        }
    }

    /// <summary>
    /// The model catalogue refuses an unknown name or family, or a model of the wrong kind, with an
    /// <see cref="ArgumentException"/>: here that is a bad option value (exit 1), not a defect.
    /// </summary>
    private static T Model<T>(string option, Func<T> resolve)
    {
        try
        {
            return resolve();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"{option}: {CliChecks.Message(ex)}");
        }
    }

    /// <summary>
    /// A video that ended before the frames its container declares is truncated or damaged: the JSON of the sets
    /// decoded is kept (it is right as far as it goes), the shortfall is said on stderr and the exit code is 1, so
    /// a script does not take 9 frames of 100 for the whole take.
    /// </summary>
    private static bool Truncated(Decoder decoder, string video, long frames)
    {
        if (decoder.Stream.FrameCount is not { } declared || frames >= declared)
            return false;
        // Through the logger like the central handler's lines, so a script sees one format on stderr.
        Log.Error("b3d pose2d: {Video:l} ended after {Frames} of the {Declared} frames its container declares (truncated or damaged); " +
                  "the JSON of the {Decoded} frame sets decoded is written", video, frames, declared, frames);
        return true;
    }

    /// <summary>
    /// Opens <paramref name="video"/> in its own planes when tracking samples them (no conversion); other formats
    /// (4:2:2, 4:4:4, RGB) are converted once to RGBA by swscale.
    /// </summary>
    private static Decoder OpenDecoder(string video)
    {
        var decoder = Decoder.Open(video, new DecoderOptions { Output = FrameOutput.Native });
        if (decoder.Stream.PixelFormat is "yuv420p" or "yuvj420p" or "nv12" or "yuv420p10le")
            return decoder;
        decoder.Dispose();
        return Decoder.Open(video, new DecoderOptions { Output = FrameOutput.Rgba });
    }

    /// <summary>
    /// The next frame of every camera as planes (each held until the next set replaces it); the index of a camera
    /// that has ended (sets stay synchronised), else −1.
    /// </summary>
    private static int ReadSet(List<Decoder> decoders, string[] videos, VideoFrame?[] held, ImagePlanes[] set)
    {
        for (int c = 0; c < decoders.Count; c++)
        {
            held[c]?.Dispose();
            held[c] = null;
            if (!decoders[c].TryRead(out VideoFrame? frame))
                return c;
            held[c] = frame;
            try
            {
                set[c] = frame.AsPlanes();
            }
            catch (MediaException ex)
            {
                throw new InvalidDataException($"{videos[c]}: {ex.Message}", ex);
            }
        }
        return -1;
    }

    private static string[] Videos(string input)
    {
        // A stream URL is one camera; Path.GetFullPath would turn it into a local path that names nothing.
        if (input.Contains("://", StringComparison.Ordinal))
            return [input];
        if (File.Exists(input))
            return [Path.GetFullPath(input)];
        if (!Directory.Exists(input))
            throw new FileNotFoundException($"no video file, folder or stream URL at {input}");
        string[] videos = [.. Directory.EnumerateFiles(input)
            .Where(f => VideoExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(NaturalStringComparer.Instance)];
        return videos.Length > 0
            ? videos
            : throw new FileNotFoundException($"no video ({string.Join(", ", VideoExtensions)}) in {Path.GetFullPath(input)}");
    }
}
