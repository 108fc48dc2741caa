using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Tracking.Biomechanics;

/// <summary>
/// Per-frame inverse kinematics of a tree of rigid bones with ball joints: the root position and bone directions
/// that bring the bone ends closest to the present markers — the marker-based IK of OpenSim (Delp et al. 2007,
/// IEEE TBME 54(11); Lu &amp; O'Connor 1999, J Biomech 32(2)), solved by Levenberg–Marquardt on two tangent angles per
/// bone. The objective is the sum of marker distances Σ|p_j − m_j| (iteratively reweighted least squares, weights
/// 1/|r_j|) rather than the sum of squares: markerless segment lengths change from frame to frame, and the robust
/// objective lets most bone ends sit on their markers and puts the mismatch on the few that disagree, where least
/// squares smears it over every marker (measured in docs/biomechanics.md: median 4.3 mm vs 7.9 mm, at the price of a
/// longer tail). Buffers are allocated once, so solving a frame allocates nothing. Not thread-safe (one instance per
/// caller).
/// </summary>
internal sealed class RigidChainSolver
{
    // An iteration stops when no bone turns by more than this (radians) and no root moves by more than it × the
    // mean bone length: far below the 6-decimal precision of the TRC text.
    private const double StepTolerance = 1e-10;

    // Levenberg–Marquardt steps per reweighting round: the start (the frame's own marker directions) is close, and
    // each round starts where the last stopped; more steps changed the median by < 0.02 mm and tripled the time.
    private const int MaxIterations = 4;

    // Reweighting rounds; the weights are floored at 1e-4 × the mean bone length (≈ 0.03 mm) so a marker that is hit
    // exactly does not get an infinite weight.
    private const int ReweightRounds = 12;
    private const double WeightFloor = 1e-4;

    private readonly int[] _parent;
    private readonly double[] _length;
    private readonly int _parameters;
    private readonly double _scaleSquared;
    private readonly Vector3d[] _direction, _trialDirection, _position, _tangent1, _tangent2;
    private readonly double[] _normal, _factor, _gradient, _step, _column, _weight;
    private readonly int[] _chain;

    /// <summary>Creates a solver for bones listed parent before child.</summary>
    /// <param name="parent">Per bone, the index of its parent bone, or −1 when it hangs from the root.</param>
    /// <param name="length">Per bone, its fixed length (&gt; 0), in marker units.</param>
    public RigidChainSolver(int[] parent, double[] length)
    {
        _parent = parent;
        _length = length;
        int bones = parent.Length;
        _parameters = 3 + (2 * bones);
        double mean = 0;
        foreach (double l in length)
        {
            mean += l / bones;
        }

        _scaleSquared = mean * mean;
        _direction = new Vector3d[bones];
        _trialDirection = new Vector3d[bones];
        _position = new Vector3d[bones];
        _tangent1 = new Vector3d[bones];
        _tangent2 = new Vector3d[bones];
        _normal = new double[_parameters * _parameters];
        _factor = new double[_parameters * _parameters];
        _gradient = new double[_parameters];
        _step = new double[_parameters];
        _column = new double[_parameters];
        _weight = new double[bones];
        _chain = new int[bones];
    }

    /// <summary>
    /// Solves one frame. <paramref name="directions"/> holds the starting unit directions on entry (the caller's
    /// initial guess) and the solved ones on return; <paramref name="positions"/> receives the solved end of each
    /// bone. Markers that are not finite carry no residual; a bone with no marker below it keeps its direction.
    /// </summary>
    /// <returns>The solved root position.</returns>
    public Vector3d Solve(Vector3d root, ReadOnlySpan<Vector3d> markers, Span<Vector3d> directions, Span<Vector3d> positions)
    {
        directions.CopyTo(_direction);
        Array.Fill(_weight, 1.0);
        for (int round = 0; round < ReweightRounds; round++)
        {
            if (round > 0)
            {
                Forward(root, _direction);
                for (int j = 0; j < markers.Length; j++)
                {
                    double r = BvhSkeletonFitter.Valid(markers[j]) ? (_position[j] - markers[j]).Length : 0;
                    _weight[j] = 1 / Math.Max(r, WeightFloor * Math.Sqrt(_scaleSquared));
                }
            }

            root = Iterate(root, markers);
        }

        Forward(root, _direction);
        _direction.CopyTo(directions);
        _position.CopyTo(positions);
        return root;
    }

    private Vector3d Iterate(Vector3d root, ReadOnlySpan<Vector3d> markers)
    {
        double lambda = 1e-6;
        double cost = Cost(root, _direction, markers);
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            BuildNormalEquations(root, markers);
            bool improved = false;
            while (lambda < 1e12)
            {
                // Levenberg–Marquardt damping on the diagonal (plus a floor, so bones with no marker below them
                // get a zero step instead of a singular system).
                Array.Copy(_normal, _factor, _normal.Length);
                for (int i = 0; i < _parameters; i++)
                {
                    int d = (i * _parameters) + i;
                    _factor[d] += (lambda * _normal[d]) + (1e-12 * (i < 3 ? 1 : _scaleSquared));
                }

                CholeskySolve();
                Vector3d trialRoot = root + new Vector3d(_step[0], _step[1], _step[2]);
                for (int b = 0; b < _direction.Length; b++)
                {
                    Vector3d u = _direction[b] + (_step[3 + (2 * b)] * _tangent1[b]) + (_step[4 + (2 * b)] * _tangent2[b]);
                    _trialDirection[b] = (1 / u.Length) * u;
                }

                double trialCost = Cost(trialRoot, _trialDirection, markers);
                if (trialCost <= cost)
                {
                    root = trialRoot;
                    _trialDirection.CopyTo(_direction, 0);
                    cost = trialCost;
                    lambda = Math.Max(lambda / 10, 1e-9);
                    improved = true;
                    break;
                }

                lambda *= 10;
            }

            if (!improved || Converged())
            {
                break;
            }
        }

        return root;
    }

    private bool Converged()
    {
        double rootStep = Math.Sqrt(((_step[0] * _step[0]) + (_step[1] * _step[1]) + (_step[2] * _step[2])) / _scaleSquared);
        double max = rootStep;
        for (int i = 3; i < _parameters; i++)
        {
            max = Math.Max(max, Math.Abs(_step[i]));
        }

        return max < StepTolerance;
    }

    private void Forward(Vector3d root, Vector3d[] direction)
    {
        for (int b = 0; b < direction.Length; b++)
        {
            Vector3d start = _parent[b] < 0 ? root : _position[_parent[b]];
            _position[b] = start + (_length[b] * direction[b]);
        }
    }

    private double Cost(Vector3d root, Vector3d[] direction, ReadOnlySpan<Vector3d> markers)
    {
        Forward(root, direction);
        double cost = 0;
        for (int b = 0; b < markers.Length; b++)
        {
            if (BvhSkeletonFitter.Valid(markers[b]))
            {
                Vector3d r = _position[b] - markers[b];
                cost += _weight[b] * Vector3d.Dot(r, r);
            }
        }

        return cost;
    }

    // JᵀJ and −Jᵀr at the current pose. Parameters: root x, y, z, then per bone two angles about tangents t1, t2
    // (∂u/∂α = t), so a bone's end and everything below it move by L·t per unit angle.
    private void BuildNormalEquations(Vector3d root, ReadOnlySpan<Vector3d> markers)
    {
        Forward(root, _direction);
        for (int b = 0; b < _direction.Length; b++)
        {
            Vector3d u = _direction[b];
            Vector3d other = Math.Abs(u.X) < 0.9 ? new Vector3d(1, 0, 0) : new Vector3d(0, 1, 0);
            Vector3d t1 = Rotations.Cross(u, other);
            t1 = (1 / t1.Length) * t1;
            _tangent1[b] = t1;
            _tangent2[b] = Rotations.Cross(u, t1);
        }

        Array.Clear(_normal);
        Array.Clear(_gradient);
        for (int j = 0; j < markers.Length; j++)
        {
            if (!BvhSkeletonFitter.Valid(markers[j]))
            {
                continue;
            }

            Vector3d r = _position[j] - markers[j];
            double w = _weight[j];
            int depth = 0;
            for (int b = j; b >= 0; b = _parent[b])
            {
                _chain[depth++] = b;
            }

            // Each of the residual's x, y, z rows: the root column of that axis plus the chain's tangent columns.
            for (int axis = 0; axis < 3; axis++)
            {
                double residual = w * (axis == 0 ? r.X : axis == 1 ? r.Y : r.Z);
                for (int k = 0; k < depth; k++)
                {
                    int b = _chain[k];
                    _column[2 * k] = _length[b] * Component(_tangent1[b], axis);
                    _column[(2 * k) + 1] = _length[b] * Component(_tangent2[b], axis);
                }

                Accumulate(axis, w, residual / w);
                for (int k = 0; k < 2 * depth; k++)
                {
                    int p = 3 + (2 * _chain[k / 2]) + (k % 2);
                    _gradient[p] -= _column[k] * residual;
                    _normal[(p * _parameters) + axis] += w * _column[k];
                    _normal[(axis * _parameters) + p] += w * _column[k];
                    for (int l = 0; l < 2 * depth; l++)
                    {
                        int q = 3 + (2 * _chain[l / 2]) + (l % 2);
                        _normal[(p * _parameters) + q] += w * _column[k] * _column[l];
                    }
                }
            }
        }
    }

    private void Accumulate(int axis, double weight, double residual)
    {
        _normal[(axis * _parameters) + axis] += weight;
        _gradient[axis] -= weight * residual;
    }

    private static double Component(Vector3d v, int axis) => axis == 0 ? v.X : axis == 1 ? v.Y : v.Z;

    // In-place Cholesky of the damped normal matrix (symmetric positive definite thanks to the floor), then the two
    // triangular solves into _step.
    private void CholeskySolve()
    {
        int n = _parameters;
        double[] a = _factor;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = a[(i * n) + j];
                for (int k = 0; k < j; k++)
                {
                    sum -= a[(i * n) + k] * a[(j * n) + k];
                }

                a[(i * n) + j] = i == j ? Math.Sqrt(Math.Max(sum, 1e-300)) : sum / a[(j * n) + j];
            }
        }

        for (int i = 0; i < n; i++)
        {
            double sum = _gradient[i];
            for (int k = 0; k < i; k++)
            {
                sum -= a[(i * n) + k] * _step[k];
            }

            _step[i] = sum / a[(i * n) + i];
        }

        for (int i = n - 1; i >= 0; i--)
        {
            double sum = _step[i];
            for (int k = i + 1; k < n; k++)
            {
                sum -= a[(k * n) + i] * _step[k];
            }

            _step[i] = sum / a[(i * n) + i];
        }
    }
}
