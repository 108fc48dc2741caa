using Broadcast3D.Core.Frames;
using Broadcast3D.Core.Skeletons;
using Broadcast3D.Tracking.Masks;
namespace Broadcast3D.Tracking.Pose2D;

/// <summary>
/// Frame sets → people with 2D keypoints per camera. Detection runs on every <see cref="Pose2DOptions.DetectEvery"/>-th
/// set (batched over the cameras that need it); between detections each person's crop comes from the previous
/// frame's keypoints (MediaPipe's tracking, rotation included). All crops of all cameras go through the pose model
/// in one batch. A new person gets a second pass on the region its first pass found, so a horizontal athlete is
/// upright in the crop from the first frame. Where the estimator gives person masks (<see cref="IPoseEstimator.ProducesMasks"/>),
/// each published person carries one (<see cref="CameraPoses.Mask"/>): a fixed pool of <see cref="PersonMask"/>s,
/// one per request slot and one per track slot, whose references are swapped, never copied or allocated, as
/// requests land on tracks. Buffers are sized at construction; steady state allocates nothing.
/// Not thread-safe; one pipeline per worker.
/// </summary>
public sealed class Pose2DPipeline : IDisposable
{
    private readonly IPersonDetector _detector;
    private readonly IPoseEstimator _estimator;
    private readonly Pose2DOptions _options;
    private readonly List<PoseTrack>[] _tracks;
    private readonly List<PersonBox>[] _detections;
    private readonly CameraPoses[] _poses;
    private readonly ImagePlanes[] _detectFrames;
    private readonly int[] _detectCameras;
    private readonly PoseRequest[] _requests;
    private readonly (int Camera, int Track)[] _owners;
    private readonly Keypoint[] _keypoints;
    private readonly PoseEstimate[] _estimates;
    private readonly Keypoint[][] _trackKeypoints;
    private readonly PersonMask[] _requestMasks;
    private readonly PersonMask[][] _trackMasks;
    private readonly int[] _nextId;
    private long _frameSet;

    /// <summary>Takes ownership of <paramref name="detector"/> and <paramref name="estimator"/>.</summary>
    public Pose2DPipeline(IPersonDetector detector, IPoseEstimator estimator, int cameraCount, Pose2DOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentOutOfRangeException.ThrowIfLessThan(cameraCount, 1);
        _options = options ?? new Pose2DOptions();
        _options.Validate();
        _detector = detector;
        _estimator = estimator;
        CameraCount = cameraCount;
        int max = _options.MaxPeoplePerCamera, k = estimator.KeypointCount;
        _tracks = new List<PoseTrack>[cameraCount];
        _detections = new List<PersonBox>[cameraCount];
        _poses = new CameraPoses[cameraCount];
        _trackKeypoints = new Keypoint[cameraCount][];
        bool masks = estimator.ProducesMasks;
        _trackMasks = new PersonMask[cameraCount][];
        for (int c = 0; c < cameraCount; c++)
        {
            _tracks[c] = new List<PoseTrack>(max);
            // RTMDet's export keeps at most 100 boxes; YOLOX can yield more before NMS trims them.
            _detections[c] = new List<PersonBox>(128);
            _poses[c] = new CameraPoses(max, estimator.Skeleton, k);
            _trackKeypoints[c] = new Keypoint[max * k];
            _trackMasks[c] = masks ? NewMasks(max) : [];
        }
        _requestMasks = masks ? NewMasks(cameraCount * max) : [];
        _detectFrames = new ImagePlanes[cameraCount];
        _detectCameras = new int[cameraCount];
        _requests = new PoseRequest[cameraCount * max];
        _owners = new (int, int)[cameraCount * max];
        _keypoints = new Keypoint[cameraCount * max * k];
        _estimates = new PoseEstimate[cameraCount * max];
        _nextId = new int[cameraCount];
    }

    /// <summary>Cameras per frame set.</summary>
    public int CameraCount { get; }

    /// <summary>Keypoint layout of the results.</summary>
    public SkeletonDefinition Skeleton => _estimator.Skeleton;

    /// <summary>Both models, for logs.</summary>
    public string Description => $"{_detector.Description} + {_estimator.Description}";

    /// <summary>
    /// Processes one synchronised frame set (frame i = camera i) and returns the people per camera, reused and
    /// valid until the next call.
    /// </summary>
    public IReadOnlyList<CameraPoses> Process(ReadOnlySpan<ImagePlanes> frames)
    {
        if (frames.Length != CameraCount)
            throw new ArgumentException($"expected {CameraCount} frames (one per camera), got {frames.Length}", nameof(frames));
        Detect(frames);

        int n = GatherRequests(freshOnly: false);
        _estimator.Estimate(frames, _requests.AsSpan(0, n), _keypoints, _estimates, RequestMasks(n));
        Update(n);

        // New people: crop again on the aligned region the first pass found (MediaPipe would have used the
        // pose detector's alignment points, which a box detector does not give).
        int fresh = GatherRequests(freshOnly: true);
        if (fresh > 0)
        {
            _estimator.Estimate(frames, _requests.AsSpan(0, fresh), _keypoints, _estimates, RequestMasks(fresh));
            Update(fresh);
        }

        for (int c = 0; c < CameraCount; c++)
            Publish(c);
        _frameSet++;
        return _poses;
    }

    /// <summary>Forgets every track (e.g. after a cut); the next frame set is detected from scratch.</summary>
    public void Reset()
    {
        foreach (List<PoseTrack> t in _tracks)
            t.Clear();
        _frameSet = 0;
    }

    public void Dispose()
    {
        _detector.Dispose();
        _estimator.Dispose();
    }

    private void Detect(ReadOnlySpan<ImagePlanes> frames)
    {
        bool due = _frameSet % _options.DetectEvery == 0;
        int count = 0;
        for (int c = 0; c < CameraCount; c++)
        {
            if (due || _tracks[c].Count == 0)
            {
                _detectCameras[count] = c;
                _detectFrames[count++] = frames[c];
            }
        }
        if (count == 0)
            return;
        // The detector fills lists in the order of the frames it got: hand it the lists of those cameras.
        for (int i = 0; i < count; i++)
            (_detections[i], _detections[_detectCameras[i]]) = (_detections[_detectCameras[i]], _detections[i]);
        _detector.Detect(_detectFrames.AsSpan(0, count), _detections.AsSpan(0, count));
        for (int i = count - 1; i >= 0; i--)
            (_detections[i], _detections[_detectCameras[i]]) = (_detections[_detectCameras[i]], _detections[i]);
        for (int i = 0; i < count; i++)
            Associate(_detectCameras[i]);
    }

    /// <summary>Detections continue the track they overlap most; the others start tracks while there is room.</summary>
    private void Associate(int camera)
    {
        List<PoseTrack> tracks = _tracks[camera];
        int existing = tracks.Count;
        Span<bool> taken = stackalloc bool[existing];
        foreach (PersonBox d in _detections[camera])
        {
            int best = -1;
            float bestIoU = _options.MatchIoU;
            for (int t = 0; t < existing; t++)
            {
                float iou = taken[t] ? 0 : tracks[t].Box.IoU(d);
                if (iou >= bestIoU)
                {
                    bestIoU = iou;
                    best = t;
                }
            }
            if (best >= 0)
                taken[best] = true;
            else if (tracks.Count < _options.MaxPeoplePerCamera)
                tracks.Add(new PoseTrack { Id = _nextId[camera]++, Region = PoseRegion.FromBox(d), Box = d, Score = d.Score, Fresh = true });
        }
    }

    private int GatherRequests(bool freshOnly)
    {
        int n = 0;
        for (int c = 0; c < CameraCount; c++)
        {
            List<PoseTrack> tracks = _tracks[c];
            for (int t = 0; t < tracks.Count; t++)
            {
                // A fresh box the pose model already rejected is not worth a second crop.
                if (freshOnly && !(tracks[t].Fresh && tracks[t].Score >= _options.MinPoseScore))
                    continue;
                _requests[n] = new PoseRequest(c, tracks[t].Region);
                _owners[n++] = (c, t);
            }
        }
        return n;
    }

    private void Update(int n)
    {
        int k = _estimator.KeypointCount;
        for (int i = 0; i < n; i++)
        {
            (int c, int t) = _owners[i];
            ReadOnlySpan<Keypoint> kp = _keypoints.AsSpan(i * k, k);
            kp.CopyTo(_trackKeypoints[c].AsSpan(t * k, k));
            PoseTrack track = _tracks[c][t];
            track.Score = _estimates[i].Score;
            track.Region = _estimates[i].NextRegion;
            track.Box = Extent(kp, track.Score);
            _tracks[c][t] = track;
            if (_requestMasks.Length != 0)
                (_requestMasks[i], _trackMasks[c][t]) = (_trackMasks[c][t], _requestMasks[i]);
        }
    }

    /// <summary>Drops lost and duplicate tracks, then copies the survivors into the camera's result.</summary>
    private void Publish(int camera)
    {
        List<PoseTrack> tracks = _tracks[camera];
        Keypoint[] stored = _trackKeypoints[camera];
        int k = _estimator.KeypointCount;
        CameraPoses poses = _poses[camera];
        poses.Clear();
        Span<bool> keep = stackalloc bool[tracks.Count];
        for (int t = 0; t < tracks.Count; t++)
        {
            PoseTrack track = tracks[t];
            keep[t] = track.Score >= _options.MinPoseScore;
            for (int o = 0; o < tracks.Count && keep[t]; o++)
            {
                // Two crops that converged on one person: keep the more confident (the older on a tie).
                if (o != t && tracks[o].Score >= _options.MinPoseScore && tracks[o].Box.IoU(track.Box) > _options.DuplicateIoU)
                    keep[t] = tracks[o].Score < track.Score || (tracks[o].Score == track.Score && t < o);
            }
        }
        int kept = 0;
        for (int t = 0; t < tracks.Count; t++)
        {
            if (!keep[t])
                continue;
            PoseTrack track = tracks[t] with { Fresh = false };
            PersonMask[] masks = _trackMasks[camera];
            if (kept != t)
            {
                stored.AsSpan(t * k, k).CopyTo(stored.AsSpan(kept * k, k));
                // Swapped, not overwritten: the dropped track's mask stays in the pool.
                if (masks.Length != 0)
                    (masks[kept], masks[t]) = (masks[t], masks[kept]);
            }
            tracks[kept] = track;
            poses.Add(track.Id, track.Box, stored.AsSpan(kept * k, k), masks.Length != 0 ? masks[kept] : null);
            kept++;
        }
        tracks.RemoveRange(kept, tracks.Count - kept);
    }

    private ReadOnlySpan<PersonMask> RequestMasks(int n) => _requestMasks.Length != 0 ? _requestMasks.AsSpan(0, n) : [];

    private static PersonMask[] NewMasks(int count)
    {
        var masks = new PersonMask[count];
        for (int i = 0; i < count; i++)
            masks[i] = new PersonMask();
        return masks;
    }

    /// <summary>The box around the confident keypoints (all of them when none is confident), scored by the person score.</summary>
    private static PersonBox Extent(ReadOnlySpan<Keypoint> keypoints, float score)
    {
        // 0.3 is the likelihood threshold the reference triangulation trusts a keypoint with.
        const float Confident = 0.3f;
        float x1 = float.MaxValue, y1 = float.MaxValue, x2 = float.MinValue, y2 = float.MinValue;
        for (int pass = 0; pass < 2 && x1 > x2; pass++)
        {
            foreach (Keypoint p in keypoints)
            {
                if (pass == 0 && p.Score < Confident)
                    continue;
                x1 = Math.Min(x1, p.X);
                y1 = Math.Min(y1, p.Y);
                x2 = Math.Max(x2, p.X);
                y2 = Math.Max(y2, p.Y);
            }
        }
        return x1 <= x2 ? new PersonBox(x1, y1, x2, y2, score) : default;
    }
}
