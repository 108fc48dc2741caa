using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Tracking.Association;

/// <summary>
/// Groups the 2D person detections of one synchronised frame set into people seen by several cameras.
/// Affinity is geometric, as in Pose2Sim's person association and EasyMocap's matching: each confident keypoint
/// back-projects to a ray through the undistorted pixel; two detections in different cameras are compared by
/// the closest distance between their corresponding rays (metres), averaged with Pose2Sim's weights √(c₁·c₂), and
/// their affinity is 1 − distance / <see cref="AssociationOptions.MaxMeanRayDistanceMetres"/>. Pairs are merged
/// greedily, the most confirmed by third cameras first (then the closest), under two constraints: at most one
/// detection per camera per person (so people seen by one camera, or standing together, are never fused), and every
/// pair inside a group at or above <see cref="AssociationOptions.MinAffinity"/>. Pose2Sim smooths the affinity
/// matrix (SVT) before reading groups off it; the greedy merge under the same constraints is kept for its bounded
/// cost (measured in docs/multi-person.md). Cost is O(D² · K) for the pair distances of D detections of K keypoints,
/// plus, for each of the A accepted pairs, a walk over one detection's accepted neighbours. Buffers grow to the
/// largest frame seen and are then reused (no per-frame allocation beyond the returned groups). Not thread-safe: one
/// associator per tracking worker.
/// </summary>
public sealed class CrossViewAssociator
{
    private readonly CameraRig _calibration;
    private readonly AssociationOptions _options;
    private readonly Vector3d[] _origins;
    private readonly double _accepted;

    /// <summary>|cos| of 20°: two cameras' rays closer to parallel than this locate nobody without a third camera.</summary>
    private const double MaxUnconfirmedParallel = 0.94;
    private Vector3d[] _directions = [];
    private double[] _weight = [];
    private int[] _cameraOf = [];
    private double[] _pairDistance = [];
    private int[] _order = [];
    private int[] _pairSupport = [];
    private double[] _pairCost = [];
    private double[] _pairParallel = [];
    private readonly double[] _bestPerCamera;
    private int[] _group = [];
    private int[] _localIndex = [];
    private int[] _nextMember = [];
    private int[] _lastMember = [];
    private int[] _groupSize = [];
    private int[] _neighbourStart = [0];
    private int[] _neighbourFill = [];
    private int[] _neighbours = [];

    /// <summary>An associator for a rig; <paramref name="options"/> null gives Pose2Sim's defaults.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option out of range (<see cref="AssociationOptions.Validate"/>).</exception>
    public CrossViewAssociator(CameraRig calibration, AssociationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        _calibration = calibration;
        _options = options ?? new AssociationOptions();
        _options.Validate();
        _origins = calibration.Cameras.Select(c => c.PositionMetres).ToArray();
        _accepted = _options.AcceptedRayDistanceMetres;
        _bestPerCamera = new double[calibration.Count];
    }

    /// <summary>
    /// Associates detections. <paramref name="keypointsPerCamera"/>[c] holds camera c's detections as
    /// [person][keypoint][x, y, confidence] in distorted pixels (any number of persons, may be empty).
    /// Returns people seen by at least <see cref="AssociationOptions.MinCameras"/> cameras, best first.
    /// </summary>
    /// <exception cref="ArgumentException">Camera count differs from the calibration, or a length is not a
    /// multiple of 3·<paramref name="keypointCount"/>.</exception>
    public IReadOnlyList<AssociatedPerson> Associate(IReadOnlyList<ReadOnlyMemory<double>> keypointsPerCamera, int keypointCount)
    {
        ArgumentNullException.ThrowIfNull(keypointsPerCamera);
        if (keypointsPerCamera.Count != _calibration.Count)
            throw new ArgumentException($"{keypointsPerCamera.Count} cameras of detections for a calibration of {_calibration.Count}", nameof(keypointsPerCamera));
        int stride = keypointCount * 3;
        int total = 0;
        for (int c = 0; c < keypointsPerCamera.Count; c++)
        {
            if (keypointsPerCamera[c].Length % stride != 0)
                throw new ArgumentException($"camera {_calibration.Cameras[c].Name}: {keypointsPerCamera[c].Length} values is not a whole number of {keypointCount}-keypoint persons", nameof(keypointsPerCamera));
            total += keypointsPerCamera[c].Length / stride;
        }
        EnsureCapacity(total, keypointCount);
        BackProject(keypointsPerCamera, keypointCount);
        return Group(total, keypointCount);
    }

    private void EnsureCapacity(int detections, int keypoints)
    {
        if (_directions.Length < detections * keypoints)
        {
            _directions = new Vector3d[detections * keypoints];
            _weight = new double[detections * keypoints];
        }
        if (_cameraOf.Length < detections)
        {
            _cameraOf = new int[detections];
            _localIndex = new int[detections];
            _group = new int[detections];
            _nextMember = new int[detections];
            _lastMember = new int[detections];
            _groupSize = new int[detections];
            _neighbourStart = new int[detections + 1];
            _neighbourFill = new int[detections];
            _pairDistance = new double[detections * detections];
            _pairSupport = new int[detections * detections];
            _pairCost = new double[detections * detections];
            _pairParallel = new double[detections * detections];
            _order = new int[detections * detections];
        }
    }

    private void BackProject(IReadOnlyList<ReadOnlyMemory<double>> keypointsPerCamera, int keypointCount)
    {
        int d = 0;
        for (int c = 0; c < keypointsPerCamera.Count; c++)
        {
            Camera camera = _calibration.Cameras[c];
            Matrix3d rt = camera.Rotation.Transpose();
            ReadOnlySpan<double> kp = keypointsPerCamera[c].Span;
            int persons = kp.Length / (keypointCount * 3);
            for (int p = 0; p < persons; p++, d++)
            {
                _cameraOf[d] = c;
                _localIndex[d] = p;
                for (int k = 0; k < keypointCount; k++)
                {
                    int o = ((p * keypointCount) + k) * 3;
                    double conf = kp[o + 2];
                    int slot = (d * keypointCount) + k;
                    bool valid = conf >= _options.ConfidenceThreshold && double.IsFinite(kp[o]) && double.IsFinite(kp[o + 1]);
                    // Confidences above 1 (not a probability) weigh as 1: the early exit of MeanRayDistance relies on it.
                    _weight[slot] = valid ? Math.Min(conf, 1) : 0;
                    if (!valid)
                        continue;
                    (double xd, double yd) = camera.PixelsToNormalised(kp[o], kp[o + 1]);
                    (double x, double y) = camera.Distortion.IsZero ? (xd, yd) : camera.Distortion.Undistort(xd, yd);
                    Vector3d dir = rt * new Vector3d(x, y, 1);
                    _directions[slot] = (1 / dir.Length) * dir;
                }
            }
        }
    }

    private List<AssociatedPerson> Group(int total, int keypointCount)
    {
        int pairs = 0;
        for (int i = 0; i < total; i++)
        {
            for (int j = i + 1; j < total; j++)
            {
                double dist = _cameraOf[i] == _cameraOf[j] ? double.PositiveInfinity : MeanRayDistance(i, j, keypointCount, out _pairParallel[(i * total) + j]);
                _pairDistance[(i * total) + j] = dist;
                _pairDistance[(j * total) + i] = dist;
                if (dist <= _accepted)
                    _order[pairs++] = (i * total) + j;
            }
        }
        Span<int> order = _order.AsSpan(0, pairs);
        BuildNeighbours(order, total);
        foreach (int pair in order)
            Score(pair, total);
        int[] support = _pairSupport;
        double[] cost = _pairCost;
        order.Sort((a, b) => support[a] != support[b] ? support[b].CompareTo(support[a]) : cost[a].CompareTo(cost[b]));

        // Groups as linked member lists (root = _group[member], next = _nextMember), so a merge test costs the two
        // groups' sizes (at most cameras²) and a merge the smaller list, not the whole frame set.
        for (int i = 0; i < total; i++)
        {
            _group[i] = i;
            _nextMember[i] = -1;
            _lastMember[i] = i;
            _groupSize[i] = 1;
        }
        foreach (int pair in order)
        {
            // Rays within 20° of parallel (cameras side by side, or facing each other) pass close to each other for
            // anyone on the line between them: such a pair is not evidence on its own.
            if (support[pair] == 0 && _pairParallel[pair] > MaxUnconfirmedParallel)
                continue;
            int gi = _group[pair / total], gj = _group[pair % total];
            if (gi != gj && CanMerge(gi, gj, total))
                Merge(gi, gj);
        }

        var people = new List<AssociatedPerson>();
        for (int root = 0; root < total; root++)
        {
            if (_group[root] != root || _groupSize[root] < _options.MinCameras)
                continue;
            int[] perCamera = new int[_calibration.Count];
            Array.Fill(perCamera, -1);
            double sum = 0;
            int sumCount = 0;
            for (int k = root; k >= 0; k = _nextMember[k])
            {
                perCamera[_cameraOf[k]] = _localIndex[k];
                for (int m = _nextMember[k]; m >= 0; m = _nextMember[m])
                {
                    sum += _pairDistance[(k * total) + m];
                    sumCount++;
                }
            }
            people.Add(new AssociatedPerson(perCamera, sumCount == 0 ? 0 : sum / sumCount));
        }
        people.Sort((a, b) => b.CameraCount != a.CameraCount
            ? b.CameraCount.CompareTo(a.CameraCount)
            : a.MeanRayDistanceMetres.CompareTo(b.MeanRayDistanceMetres));
        return people;
    }

    // Cycle consistency, the job Pose2Sim gives its SVT smoothing: a pair is worth what the other cameras confirm.
    // For each other camera, the detection closest to both (each within the accepted distance) supports the pair;
    // pairs are merged most supported first, then by the mean distance over the pair and its supports. The pair
    // distance alone misleads between facing cameras, whose rays to two people one behind the other nearly coincide.
    private void Score(int pair, int total)
    {
        int i = pair / total, j = pair % total;
        if (_neighbourStart[i + 1] - _neighbourStart[i] > _neighbourStart[j + 1] - _neighbourStart[j])
            (i, j) = (j, i);
        Span<double> best = _bestPerCamera;
        best.Fill(double.PositiveInfinity);
        // Only detections within the accepted distance of i can support the pair: walk i's neighbours.
        for (int n = _neighbourStart[i]; n < _neighbourStart[i + 1]; n++)
        {
            int m = _neighbours[n];
            int c = _cameraOf[m];
            if (c == _cameraOf[i] || c == _cameraOf[j])
                continue;
            double di = _pairDistance[(i * total) + m], dj = _pairDistance[(j * total) + m];
            if (di <= _accepted && dj <= _accepted && di + dj < best[c])
                best[c] = di + dj;
        }
        int supporters = 0;
        double sum = _pairDistance[pair];
        foreach (double b in best)
        {
            if (double.IsFinite(b))
            {
                supporters++;
                sum += b;
            }
        }
        _pairSupport[pair] = supporters;
        _pairCost[pair] = sum / (1 + (2 * supporters));
    }

    // The accepted pairs as neighbour lists (compressed rows): detection d's neighbours are
    // _neighbours[_neighbourStart[d] .. _neighbourStart[d + 1]).
    private void BuildNeighbours(ReadOnlySpan<int> pairs, int total)
    {
        if (_neighbours.Length < 2 * pairs.Length)
            _neighbours = new int[2 * pairs.Length];
        Span<int> start = _neighbourStart.AsSpan(0, total + 1);
        start.Clear();
        foreach (int pair in pairs)
        {
            start[(pair / total) + 1]++;
            start[(pair % total) + 1]++;
        }
        for (int d = 0; d < total; d++)
            start[d + 1] += start[d];
        Span<int> fill = _neighbourFill.AsSpan(0, total);
        start[..total].CopyTo(fill);
        foreach (int pair in pairs)
        {
            int i = pair / total, j = pair % total;
            _neighbours[fill[i]++] = j;
            _neighbours[fill[j]++] = i;
        }
    }

    private bool CanMerge(int gi, int gj, int total)
    {
        for (int a = gi; a >= 0; a = _nextMember[a])
        {
            for (int b = gj; b >= 0; b = _nextMember[b])
            {
                if (_cameraOf[a] == _cameraOf[b] || _pairDistance[(a * total) + b] > _accepted)
                    return false;
            }
        }
        return true;
    }

    // Appends the smaller group's list to the larger one's, relabelling only the smaller.
    private void Merge(int gi, int gj)
    {
        if (_groupSize[gi] < _groupSize[gj])
            (gi, gj) = (gj, gi);
        for (int k = gj; k >= 0; k = _nextMember[k])
            _group[k] = gi;
        _nextMember[_lastMember[gi]] = gj;
        _lastMember[gi] = _lastMember[gj];
        _groupSize[gi] += _groupSize[gj];
    }

    private double MeanRayDistance(int i, int j, int keypointCount, out double parallel)
    {
        double cosines = 0;
        Vector3d oi = _origins[_cameraOf[i]], oj = _origins[_cameraOf[j]];
        double sum = 0, weights = 0;
        int n = 0;
        for (int k = 0; k < keypointCount; k++)
        {
            // Exact early exit: even if every remaining keypoint had the largest weight (1) and distance 0, the mean
            // would stay above the accepted distance, so the pair is refused whatever follows.
            if (sum > _accepted * (weights + keypointCount - k))
            {
                parallel = 1;
                return double.PositiveInfinity;
            }
            int si = (i * keypointCount) + k, sj = (j * keypointCount) + k;
            if (_weight[si] == 0 || _weight[sj] == 0)
                continue;
            double w = Math.Sqrt(_weight[si] * _weight[sj]);
            sum += w * RayDistance(oi, _directions[si], oj, _directions[sj]);
            cosines += w * Math.Abs(Vector3d.Dot(_directions[si], _directions[sj]));
            weights += w;
            n++;
        }
        parallel = n == 0 ? 1 : cosines / weights;
        return n < _options.MinSharedKeypoints ? double.PositiveInfinity : sum / weights;
    }

    /// <summary>Closest distance between two lines o + s·d (unit d); falls back to point-line distance when parallel.</summary>
    private static double RayDistance(Vector3d o1, Vector3d d1, Vector3d o2, Vector3d d2)
    {
        Vector3d n = Cross(d1, d2);
        double len = n.Length;
        Vector3d w = o2 - o1;
        if (len < 1e-12)
            return Cross(w, d1).Length;
        return Math.Abs(Vector3d.Dot(w, n)) / len;
    }

    private static Vector3d Cross(Vector3d a, Vector3d b) =>
        new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));
}
