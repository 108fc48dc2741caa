using Broadcast3D.Core.Cameras;

namespace Broadcast3D.Calibration.Extrinsics;

/// <summary>
/// A joint bundle adjustment: Levenberg–Marquardt over every camera pose but the first (which fixes the world;
/// optionally each camera's focal length too) and every 3D point, minimising Σ c·ρ(|r|²) over the observations, where
/// r is the pinhole reprojection residual in pixels (observations undistorted beforehand), c the keypoint's
/// confidence and ρ the Cauchy loss ρ(s) = σ²·ln(1 + s/σ²), solved by iteratively reweighted Gauss–Newton steps.
/// The normal equations are reduced by the Schur complement on the 3×3 point blocks, so the dense system is only
/// the cameras' (6 or 7 unknowns each). The scale is left free: Marquardt's damping keeps that one direction
/// regular, and the caller sets the scale afterwards. Not thread-safe; one per solve.
/// </summary>
internal sealed class BundleAdjuster
{
    private readonly Matrix3d[] _rotation;
    private readonly Vector3d[] _translation;
    private readonly Matrix3d[] _k;
    private readonly double[] _points;
    private readonly int[] _obsCamera;
    private readonly int[] _obsPoint;
    private readonly double[] _obsUv;
    private readonly double[] _obsWeight;
    private readonly int[] _pointStart;
    private readonly int[] _pointOrder;
    private readonly int _blockSize;
    private readonly double _sigmaSquared;

    /// <param name="rotation">World→camera rotations, updated in place.</param>
    /// <param name="translation">World→camera translations, updated in place.</param>
    /// <param name="k">Intrinsics per camera; with <paramref name="refineFocal"/> fx, fy and the skew are scaled in place.</param>
    /// <param name="points">xyz per point (NaN: absent), updated in place.</param>
    /// <param name="observations">(camera, point, u, v, confidence) per observation, undistorted pixels.</param>
    /// <param name="robustPixels">σ of the Cauchy loss, pixels.</param>
    /// <param name="refineFocal">Also refine each camera's focal length (one factor on fx and fy).</param>
    public BundleAdjuster(Matrix3d[] rotation, Vector3d[] translation, Matrix3d[] k, double[] points,
        IReadOnlyList<(int Camera, int Point, double U, double V, double Confidence)> observations, double robustPixels, bool refineFocal)
    {
        _rotation = rotation;
        _translation = translation;
        _k = k;
        _points = points;
        _blockSize = refineFocal ? 7 : 6;
        _sigmaSquared = robustPixels * robustPixels;
        int n = observations.Count;
        _obsCamera = new int[n];
        _obsPoint = new int[n];
        _obsUv = new double[2 * n];
        _obsWeight = new double[n];
        for (int i = 0; i < n; i++)
        {
            (int c, int p, double u, double v, double w) = observations[i];
            _obsCamera[i] = c;
            _obsPoint[i] = p;
            _obsUv[2 * i] = u;
            _obsUv[(2 * i) + 1] = v;
            _obsWeight[i] = w;
        }

        // Observations grouped by point, so each point's 3×3 block is eliminated in one pass.
        _pointOrder = [.. Enumerable.Range(0, n).OrderBy(i => _obsPoint[i])];
        var starts = new List<int>();
        for (int j = 0; j < n; j++)
        {
            if (j == 0 || _obsPoint[_pointOrder[j]] != _obsPoint[_pointOrder[j - 1]])
            {
                starts.Add(j);
            }
        }

        starts.Add(n);
        _pointStart = [.. starts];
    }

    /// <summary>Runs at most <paramref name="maxIterations"/> Levenberg–Marquardt steps; returns the final robust cost.</summary>
    public double Solve(int maxIterations)
    {
        int cameras = _rotation.Length;
        int free = (cameras - 1) * _blockSize;
        int n = _obsCamera.Length;
        var jc = new double[n * 2 * _blockSize];
        var jp = new double[n * 6];
        var r = new double[n * 2];
        var w = new double[n];
        var s = new double[free * free];
        var b = new double[free];
        var delta = new double[free];
        var pointDelta = new double[_points.Length];
        var savedPoints = new double[_points.Length];
        var savedRotation = new Matrix3d[cameras];
        var savedTranslation = new Vector3d[cameras];
        var savedK = new Matrix3d[cameras];
        double cost = Cost();
        double lambda = 1e-3;
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            Linearise(jc, jp, r, w);
            bool improved = false;
            while (lambda < 1e12)
            {
                if (!Step(jc, jp, r, w, lambda, s, b, delta, pointDelta))
                {
                    lambda *= 10;
                    continue;
                }

                Array.Copy(_points, savedPoints, _points.Length);
                Array.Copy(_rotation, savedRotation, cameras);
                Array.Copy(_translation, savedTranslation, cameras);
                Array.Copy(_k, savedK, cameras);
                Apply(delta, pointDelta);
                double next = Cost();
                if (next < cost)
                {
                    bool converged = (cost - next) < 1e-10 * cost;
                    cost = next;
                    lambda = Math.Max(lambda / 10, 1e-9);
                    improved = !converged;
                    break;
                }

                Array.Copy(savedPoints, _points, _points.Length);
                Array.Copy(savedRotation, _rotation, cameras);
                Array.Copy(savedTranslation, _translation, cameras);
                Array.Copy(savedK, _k, cameras);
                lambda *= 10;
            }

            if (!improved)
            {
                break;
            }
        }

        return cost;
    }

    /// <summary>Σ c·ρ(|r|²) over the observations; an observation behind its camera costs as a 1000 px residual.</summary>
    public double Cost()
    {
        double sum = 0;
        for (int i = 0; i < _obsCamera.Length; i++)
        {
            int p = _obsPoint[i];
            var x = new Vector3d(_points[3 * p], _points[(3 * p) + 1], _points[(3 * p) + 2]);
            Vector3d xc = (_rotation[_obsCamera[i]] * x) + _translation[_obsCamera[i]];
            double squared = 1e6;
            if (xc.Z > 1e-9)
            {
                (double u, double v) = Project(_k[_obsCamera[i]], xc);
                double du = u - _obsUv[2 * i], dv = v - _obsUv[(2 * i) + 1];
                squared = (du * du) + (dv * dv);
            }

            sum += _obsWeight[i] * _sigmaSquared * Math.Log(1 + (squared / _sigmaSquared));
        }

        return sum;
    }

    private static (double U, double V) Project(Matrix3d k, Vector3d xc) =>
        ((k.M00 * xc.X / xc.Z) + (k.M01 * xc.Y / xc.Z) + k.M02, (k.M11 * xc.Y / xc.Z) + k.M12);

    private void Linearise(double[] jc, double[] jp, double[] r, double[] w)
    {
        int m = _blockSize;
        for (int i = 0; i < _obsCamera.Length; i++)
        {
            int c = _obsCamera[i], p = _obsPoint[i];
            var x = new Vector3d(_points[3 * p], _points[(3 * p) + 1], _points[(3 * p) + 2]);
            Vector3d a = _rotation[c] * x;
            Vector3d xc = a + _translation[c];
            if (xc.Z <= 1e-9)
            {
                // Behind the camera: no gradient to follow; the observation sits this step out.
                w[i] = 0;
                continue;
            }

            Matrix3d k = _k[c];
            (double u, double v) = Project(k, xc);
            double ru = u - _obsUv[2 * i], rv = v - _obsUv[(2 * i) + 1];
            r[2 * i] = ru;
            r[(2 * i) + 1] = rv;
            // Cauchy IRLS weight ρ'(s) times the keypoint's confidence.
            w[i] = _obsWeight[i] / (1 + (((ru * ru) + (rv * rv)) / _sigmaSquared));
            double iz = 1 / xc.Z;
            // ∂(u, v)/∂Xc.
            double a00 = k.M00 * iz, a01 = k.M01 * iz, a02 = -((k.M00 * xc.X) + (k.M01 * xc.Y)) * iz * iz;
            double a11 = k.M11 * iz, a12 = -k.M11 * xc.Y * iz * iz;
            // Rotation increment R ← exp([δ]×)·R: ∂Xc/∂δk = ek × (R·X).
            Span<Vector3d> dRot = [new(0, -a.Z, a.Y), new(a.Z, 0, -a.X), new(-a.Y, a.X, 0)];
            int o = i * 2 * m;
            for (int q = 0; q < 3; q++)
            {
                Vector3d d = dRot[q];
                jc[o + q] = (a00 * d.X) + (a01 * d.Y) + (a02 * d.Z);
                jc[o + m + q] = (a11 * d.Y) + (a12 * d.Z);
            }

            jc[o + 3] = a00;
            jc[o + 4] = a01;
            jc[o + 5] = a02;
            jc[o + m + 3] = 0;
            jc[o + m + 4] = a11;
            jc[o + m + 5] = a12;
            if (m == 7)
            {
                // Focal factor φ on fx, fy and skew, taken about 1: ∂u/∂φ = u − cx, ∂v/∂φ = v − cy.
                jc[o + 6] = u - k.M02;
                jc[o + m + 6] = v - k.M12;
            }

            Matrix3d rot = _rotation[c];
            for (int q = 0; q < 3; q++)
            {
                jp[(6 * i) + q] = (a00 * rot[0, q]) + (a01 * rot[1, q]) + (a02 * rot[2, q]);
                jp[(6 * i) + 3 + q] = (a11 * rot[1, q]) + (a12 * rot[2, q]);
            }
        }
    }

    /// <summary>Solves the damped normal equations by the Schur complement; false when the camera system is not positive definite.</summary>
    private bool Step(double[] jc, double[] jp, double[] r, double[] w, double lambda, double[] s, double[] b, double[] delta, double[] pointDelta)
    {
        int m = _blockSize;
        int free = b.Length;
        Array.Clear(s);
        Array.Clear(b);
        // Camera blocks U and gradients (cameras' rows: camera c > 0 at (c − 1)·m).
        for (int i = 0; i < _obsCamera.Length; i++)
        {
            int c = _obsCamera[i];
            if (c == 0 || w[i] == 0)
            {
                continue;
            }

            int o = i * 2 * m, baseIndex = (c - 1) * m;
            for (int a = 0; a < m; a++)
            {
                b[baseIndex + a] -= w[i] * ((jc[o + a] * r[2 * i]) + (jc[o + m + a] * r[(2 * i) + 1]));
                for (int bb = 0; bb < m; bb++)
                {
                    s[((baseIndex + a) * free) + baseIndex + bb] += w[i] * ((jc[o + a] * jc[o + bb]) + (jc[o + m + a] * jc[o + m + bb]));
                }
            }
        }

        for (int d = 0; d < free; d++)
        {
            s[(d * free) + d] = (s[(d * free) + d] * (1 + lambda)) + 1e-12;
        }

        // Eliminate each point: S −= W·V⁻¹·Wᵀ, b −= W·V⁻¹·gp (gp: the point's negated gradient).
        Span<double> v = stackalloc double[9];
        Span<double> vInverse = stackalloc double[9];
        Span<double> gp = stackalloc double[3];
        Span<double> wb = stackalloc double[3];
        var wBlocks = new double[4 * m * 3];
        var wCameras = new int[4];
        for (int g = 0; g + 1 < _pointStart.Length; g++)
        {
            v.Clear();
            gp.Clear();
            for (int j = _pointStart[g]; j < _pointStart[g + 1]; j++)
            {
                int i = _pointOrder[j];
                if (w[i] == 0)
                {
                    continue;
                }

                for (int a = 0; a < 3; a++)
                {
                    gp[a] -= w[i] * ((jp[(6 * i) + a] * r[2 * i]) + (jp[(6 * i) + 3 + a] * r[(2 * i) + 1]));
                    for (int bb = 0; bb < 3; bb++)
                    {
                        v[(3 * a) + bb] += w[i] * ((jp[(6 * i) + a] * jp[(6 * i) + bb]) + (jp[(6 * i) + 3 + a] * jp[(6 * i) + 3 + bb]));
                    }
                }
            }

            for (int a = 0; a < 3; a++)
            {
                v[(3 * a) + a] = (v[(3 * a) + a] * (1 + lambda)) + 1e-12;
            }

            if (!Invert3(v, vInverse))
            {
                return false;
            }

            int count = _pointStart[g + 1] - _pointStart[g];
            if (wBlocks.Length < count * m * 3)
            {
                wBlocks = new double[count * m * 3];
                wCameras = new int[count];
            }

            // W blocks (m × 3) of this point's free-camera observations, premultiplied: Y = W·V⁻¹.
            int blocks = 0;
            for (int j = _pointStart[g]; j < _pointStart[g + 1]; j++)
            {
                int i = _pointOrder[j];
                int c = _obsCamera[i];
                if (c == 0 || w[i] == 0)
                {
                    continue;
                }

                int o = i * 2 * m;
                for (int a = 0; a < m; a++)
                {
                    for (int q = 0; q < 3; q++)
                    {
                        wb[q] = w[i] * ((jc[o + a] * jp[(6 * i) + q]) + (jc[o + m + a] * jp[(6 * i) + 3 + q]));
                    }

                    for (int q = 0; q < 3; q++)
                    {
                        wBlocks[(((blocks * m) + a) * 3) + q] = (wb[0] * vInverse[q]) + (wb[1] * vInverse[3 + q]) + (wb[2] * vInverse[6 + q]);
                    }
                }

                wCameras[blocks++] = i;
            }

            for (int x = 0; x < blocks; x++)
            {
                int ix = wCameras[x];
                int baseX = (_obsCamera[ix] - 1) * m;
                for (int a = 0; a < m; a++)
                {
                    ReadOnlySpan<double> yRow = wBlocks.AsSpan((((x * m) + a) * 3), 3);
                    b[baseX + a] -= (yRow[0] * gp[0]) + (yRow[1] * gp[1]) + (yRow[2] * gp[2]);
                    for (int y = 0; y < blocks; y++)
                    {
                        int iy = wCameras[y];
                        int baseY = (_obsCamera[iy] - 1) * m;
                        int oy = iy * 2 * m;
                        for (int bb = 0; bb < m; bb++)
                        {
                            // (W·V⁻¹·Wᵀ)[a, bb] = Y[a, :]·W_y[bb, :] with W_y[bb, q] = w·J_cᵀJ_p.
                            double wq0 = w[iy] * ((jc[oy + bb] * jp[6 * iy]) + (jc[oy + m + bb] * jp[(6 * iy) + 3]));
                            double wq1 = w[iy] * ((jc[oy + bb] * jp[(6 * iy) + 1]) + (jc[oy + m + bb] * jp[(6 * iy) + 4]));
                            double wq2 = w[iy] * ((jc[oy + bb] * jp[(6 * iy) + 2]) + (jc[oy + m + bb] * jp[(6 * iy) + 5]));
                            s[((baseX + a) * free) + baseY + bb] -= (yRow[0] * wq0) + (yRow[1] * wq1) + (yRow[2] * wq2);
                        }
                    }
                }
            }
        }

        if (!DenseSolver.SolveSymmetric(s, b, delta, free))
        {
            return false;
        }

        // Back-substitution: δp = V⁻¹·(gp − Wᵀ·δc), per point (V recomputed: cheaper than storing it).
        for (int g = 0; g + 1 < _pointStart.Length; g++)
        {
            v.Clear();
            gp.Clear();
            int p = _obsPoint[_pointOrder[_pointStart[g]]];
            for (int j = _pointStart[g]; j < _pointStart[g + 1]; j++)
            {
                int i = _pointOrder[j];
                if (w[i] == 0)
                {
                    continue;
                }

                int c = _obsCamera[i];
                int o = i * 2 * m;
                // Residual change the camera step already explains: J_c·δc.
                double du = 0, dv = 0;
                if (c != 0)
                {
                    for (int a = 0; a < m; a++)
                    {
                        du += jc[o + a] * delta[((c - 1) * m) + a];
                        dv += jc[o + m + a] * delta[((c - 1) * m) + a];
                    }
                }

                for (int a = 0; a < 3; a++)
                {
                    gp[a] -= w[i] * ((jp[(6 * i) + a] * (r[2 * i] + du)) + (jp[(6 * i) + 3 + a] * (r[(2 * i) + 1] + dv)));
                    for (int bb = 0; bb < 3; bb++)
                    {
                        v[(3 * a) + bb] += w[i] * ((jp[(6 * i) + a] * jp[(6 * i) + bb]) + (jp[(6 * i) + 3 + a] * jp[(6 * i) + 3 + bb]));
                    }
                }
            }

            for (int a = 0; a < 3; a++)
            {
                v[(3 * a) + a] = (v[(3 * a) + a] * (1 + lambda)) + 1e-12;
            }

            if (!Invert3(v, vInverse))
            {
                return false;
            }

            for (int a = 0; a < 3; a++)
            {
                pointDelta[(3 * p) + a] = (vInverse[3 * a] * gp[0]) + (vInverse[(3 * a) + 1] * gp[1]) + (vInverse[(3 * a) + 2] * gp[2]);
            }
        }

        return true;
    }

    private void Apply(double[] delta, double[] pointDelta)
    {
        int m = _blockSize;
        for (int c = 1; c < _rotation.Length; c++)
        {
            int o = (c - 1) * m;
            _rotation[c] = Rodrigues.ToMatrix(new Vector3d(delta[o], delta[o + 1], delta[o + 2])) * _rotation[c];
            _translation[c] += new Vector3d(delta[o + 3], delta[o + 4], delta[o + 5]);
            if (m == 7)
            {
                double f = 1 + delta[o + 6];
                Matrix3d k = _k[c];
                _k[c] = k with { M00 = k.M00 * f, M01 = k.M01 * f, M11 = k.M11 * f };
            }
        }

        for (int g = 0; g + 1 < _pointStart.Length; g++)
        {
            int p = _obsPoint[_pointOrder[_pointStart[g]]];
            for (int a = 0; a < 3; a++)
            {
                _points[(3 * p) + a] += pointDelta[(3 * p) + a];
            }
        }
    }

    private static bool Invert3(ReadOnlySpan<double> m, Span<double> inverse)
    {
        double c00 = (m[4] * m[8]) - (m[5] * m[7]), c01 = (m[5] * m[6]) - (m[3] * m[8]), c02 = (m[3] * m[7]) - (m[4] * m[6]);
        double det = (m[0] * c00) + (m[1] * c01) + (m[2] * c02);
        if (!(Math.Abs(det) > 1e-300))
        {
            return false;
        }

        double id = 1 / det;
        inverse[0] = c00 * id;
        inverse[1] = ((m[2] * m[7]) - (m[1] * m[8])) * id;
        inverse[2] = ((m[1] * m[5]) - (m[2] * m[4])) * id;
        inverse[3] = c01 * id;
        inverse[4] = ((m[0] * m[8]) - (m[2] * m[6])) * id;
        inverse[5] = ((m[2] * m[3]) - (m[0] * m[5])) * id;
        inverse[6] = c02 * id;
        inverse[7] = ((m[1] * m[6]) - (m[0] * m[7])) * id;
        inverse[8] = ((m[0] * m[4]) - (m[1] * m[3])) * id;
        return true;
    }
}
