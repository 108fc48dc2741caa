using System.Globalization;
using Broadcast3D.Core.Time;
using Broadcast3D.Media;

namespace Broadcast3D.Engine.Replay;

/// <summary>
/// <c>b3d replay export</c>: one camera's pictures between a mark-in and a mark-out as an H.264 MP4 at the recording's
/// frame rate, at a speed in (0, 2]. Output frame k shows the recorded picture on screen at capture time
/// in + k × speed / rate (the last picture captured at or before it): at 0.5 each picture is shown twice, at 0.25
/// four times, at 2 every other one. Slow motion repeats pictures rather than blending them: a blend of two
/// pictures of a fast athlete is a double exposure, and an editor can still interpolate from a clean repeat.
/// Decoding starts at the first segment's key frame (segments begin with one) and runs up to the mark-in, so the
/// first picture is exact. Stateless; one export per call.
/// </summary>
public static class ReplayExporter
{
    /// <summary>Exports <paramref name="request"/> from <paramref name="catalog"/>.</summary>
    /// <exception cref="ReplayException">
    /// Bad marks (out not after in, outside the camera's recording, a speed outside (0, 2]), an unknown camera, no
    /// picture in the range, or a segment missing or corrupt: the message names the clip, camera and time.
    /// </exception>
    /// <exception cref="MediaException">The output file cannot be written.</exception>
    public static ReplayExportResult Export(RecordingCatalog catalog, ReplayExportRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(request);
        RecordedRun run = catalog.Run(request.Run);
        string clip = $"clip {request.Camera} {request.In}–{request.Out}";
        if (!(request.Speed > 0 && request.Speed <= 2))
            throw new ReplayException($"{clip}: speed {request.Speed.ToString(CultureInfo.InvariantCulture)} is outside (0, 2]; use e.g. 1, 0.5, 0.33 or 0.25");
        Rational markIn = request.In.Seconds(run.FrameRate), markOut = request.Out.Seconds(run.FrameRate);
        if (markOut <= markIn)
            throw new ReplayException($"{clip}: the mark-out {request.Out} is not after the mark-in {request.In}; swap them or give a later out");
        IReadOnlyList<CameraRecording> cameras = catalog.Cameras(run);
        CameraRecording camera = cameras.FirstOrDefault(c => c.Camera == request.Camera)
            ?? throw new ReplayException($"{clip}: run {run.Id} of {catalog.Folder} has no camera '{request.Camera}' (cameras: {string.Join(", ", cameras.Select(c => c.Camera))})");
        if (markIn < camera.Start || markOut > camera.End)
        {
            throw new ReplayException($"{clip}: outside the recording of {camera.Camera} ({Describe(camera.Start, run.FrameRate)} to {Describe(camera.End, run.FrameRate)}); " +
                                      "pick marks inside it (b3d replay list shows the range)");
        }
        IReadOnlyList<RecordedSegment> segments = catalog.Segments(run, camera.Camera, markIn, markOut);
        if (segments.Count == 0 || segments[0].Start > markIn)
        {
            Rational at = segments.Count == 0 ? markIn : segments[0].Start;
            throw new ReplayException($"{clip}: camera {camera.Camera} has no picture at {Describe(markIn, run.FrameRate)} (a gap in its recording until " +
                                      $"{Describe(at, run.FrameRate)}); move the mark-in");
        }

        // The step between output frames on the capture timeline, exact for the usual speeds typed as decimals.
        Rational step = new Rational((long)Math.Round(request.Speed * 1_000_000), 1_000_000) * run.FrameRate.FrameDuration;
        using var encoder = Encoder.Create(request.OutFile, new EncoderOptions
        {
            Width = camera.Width, Height = camera.Height, FrameRate = run.FrameRate, InputLayout = FrameOutput.Rgba,
        });
        var state = new ExportState(markIn, markOut, step);
        foreach (RecordedSegment segment in segments)
        {
            cancellation.ThrowIfCancellationRequested();
            ExportSegment(segment, catalog.Frames(segment.Id), encoder, state, clip, run.FrameRate, cancellation);
            if (state.Done)
                break;
        }
        // The last picture stays on screen until the mark-out.
        while (!state.Done && state.Current is not null)
            state.Emit(encoder);
        state.Current?.Dispose();
        encoder.Finish();
        return new ReplayExportResult(request.OutFile, state.FramesOut, state.PicturesUsed, segments.Count);
    }

    private static void ExportSegment(RecordedSegment segment, IReadOnlyList<IndexedFrame> frames, Encoder encoder, ExportState state, string clip,
        FrameRate rate, CancellationToken cancellation)
    {
        string where = $"{clip}: segment {segment.Path} ({Describe(segment.Start, rate)})";
        if (!File.Exists(segment.Path))
            throw new ReplayException($"{where} is missing (deleted by hand, or by retention after this list was read); pick marks inside what b3d replay list shows");
        var captureByPts = new Dictionary<long, Rational>(frames.Count);
        foreach (IndexedFrame f in frames)
            captureByPts[f.Pts] = f.Capture;
        int decoded = 0;
        long shift = 0;
        try
        {
            using Decoder decoder = Decoder.Open(segment.Path, new DecoderOptions { Output = FrameOutput.Rgba, Hardware = HardwareDecode.Software, PoolSize = 4 });
            while (!state.Done && decoder.TryRead(out VideoFrame? frame))
            {
                cancellation.ThrowIfCancellationRequested();
                decoded++;
                // The muxer may have shifted a segment's timestamps (an encoder's B-frame delay, encode mode): the
                // first picture in presentation order is the first indexed one, and the shift holds for the rest.
                if (decoded == 1 && frames.Count > 0)
                    shift = frame.Pts - frames[0].Pts;
                if (!captureByPts.TryGetValue(frame.Pts - shift, out Rational capture))
                {
                    frame.Dispose(); // not in the index (written after its last commit before a crash): not placed in time
                    continue;
                }
                // Every output frame due before this picture's capture shows the picture before it.
                while (!state.Done && state.Current is not null && state.Due < capture)
                    state.Emit(encoder);
                if (state.Done)
                {
                    frame.Dispose();
                    break;
                }
                state.Current?.Dispose();
                state.Current = frame;
            }
            if (decoder.CorruptPackets > 0 || decoder.DamagedFrames > 0)
                Serilog.Log.Warning("{Where:l}: {Corrupt} corrupt packets, {Damaged} damaged pictures (concealed)", where, decoder.CorruptPackets, decoder.DamagedFrames);
        }
        catch (MediaException ex)
        {
            throw new ReplayException($"{where} is corrupt: {ex.Message}", ex);
        }
        if (decoded == 0 && frames.Count > 0)
            throw new ReplayException($"{where} is corrupt: not one of its {frames.Count} indexed pictures decodes");
    }

    private static string Describe(Rational seconds, FrameRate rate) =>
        string.Create(CultureInfo.InvariantCulture, $"{RecordingSchema.Timecode(seconds, rate)} ({seconds.ToDouble():0.###}s)");

    /// <summary>Where the export is: the next output frame's capture time and the picture on screen.</summary>
    private sealed class ExportState(Rational markIn, Rational markOut, Rational step)
    {
        private readonly Rational _in = markIn;
        private long _k;
        private VideoFrame? _lastEmitted;

        public Rational Due { get; private set; } = markIn;

        public bool Done => Due >= markOut;

        public VideoFrame? Current { get; set; }

        public long FramesOut { get; private set; }

        public long PicturesUsed { get; private set; }

        /// <summary>Writes the picture on screen as the next output frame and moves to the next one's time.</summary>
        public void Emit(Encoder encoder)
        {
            VideoFrame current = Current!;
            encoder.WriteFrame(current.Plane(0), current.Stride(0));
            if (!ReferenceEquals(current, _lastEmitted))
                PicturesUsed++;
            _lastEmitted = current;
            FramesOut++;
            Due = _in + step.Multiply(++_k);
        }
    }
}
