using System.Buffers;
using System.Numerics;

namespace Broadcast3D.Tracking.Filtering;

/// <summary>
/// A digital low-pass Butterworth filter applied forward and backward (zero phase), reproducing scipy:
/// coefficients as <c>scipy.signal.butter(N, Wn)</c> computes them (analog prototype poles, frequency
/// pre-warping, bilinear transform, zeros/poles to polynomial), and <c>scipy.signal.filtfilt(b, a, x)</c> with its
/// defaults — odd extension of <c>3·max(len(a), len(b))</c> samples at both ends, steady-state initial
/// conditions <c>lfilter_zi(b, a)</c> scaled by the first sample of each pass, direct form II transposed.
/// As Pose2Sim's <c>butterworth_filter_1d</c>, only runs of valid (not NaN, not 0) samples longer than the pad
/// length are filtered; other samples are left as they are. Immutable after construction; the filter methods
/// use pooled scratch and are thread-safe.
/// </summary>
public sealed class ButterworthFilter
{
    private readonly double[] _b;
    private readonly double[] _a;
    private readonly double[] _zi;

    /// <summary>Designs the filter.</summary>
    /// <param name="order">scipy's N (the filtfilt result has twice this order).</param>
    /// <param name="normalizedCutoff">Cut-off as a fraction of the Nyquist frequency, in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">Order &lt; 1 or cut-off outside (0, 1).</exception>
    public ButterworthFilter(int order, double normalizedCutoff)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        if (!(normalizedCutoff > 0 && normalizedCutoff < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(normalizedCutoff), normalizedCutoff, "must be in (0, 1) (a fraction of the Nyquist frequency)");
        }

        (_b, _a) = Design(order, normalizedCutoff);
        _zi = SteadyState(_b, _a);
        PadLength = 3 * Math.Max(_a.Length, _b.Length);
    }

    /// <summary>
    /// The filter Pose2Sim builds from its settings: <c>butter(order / 2, cutoff / (rate / 2))</c>, so that the
    /// forward-backward result has the requested order (the demo: order 4, 6 Hz, 60 fps).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Order not even and ≥ 2, or cut-off not below Nyquist.</exception>
    public static ButterworthFilter FromPose2SimSettings(int order, double cutoffHz, double sampleRateHz)
    {
        if (order < 2 || order % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "Pose2Sim's Butterworth order must be even (it is split between the two passes)");
        }

        return new ButterworthFilter(order / 2, cutoffHz / (sampleRateHz / 2.0));
    }

    /// <summary>Numerator coefficients b.</summary>
    public IReadOnlyList<double> B => _b;

    /// <summary>Denominator coefficients a (a[0] = 1).</summary>
    public IReadOnlyList<double> A => _a;

    /// <summary>Samples of odd extension at each end (scipy's default padlen).</summary>
    public int PadLength { get; }

    /// <summary>
    /// Filters every run of valid samples longer than <see cref="PadLength"/> in place; NaN and 0 samples, and
    /// shorter runs, are left unchanged.
    /// </summary>
    public void FilterRuns(Span<double> values)
    {
        int i = 0;
        while (i < values.Length)
        {
            if (IsMissing(values[i]))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < values.Length && !IsMissing(values[i]))
            {
                i++;
            }

            if (i - start > PadLength)
            {
                FilterZeroPhase(values[start..i]);
            }
        }
    }

    /// <summary>scipy's <c>filtfilt(b, a, x)</c> on <paramref name="values"/>, in place.</summary>
    /// <exception cref="ArgumentException">Not longer than <see cref="PadLength"/> samples.</exception>
    public void FilterZeroPhase(Span<double> values)
    {
        int n = values.Length;
        int pad = PadLength;
        if (n <= pad)
        {
            throw new ArgumentException($"filtfilt needs more than {pad} samples, got {n}.", nameof(values));
        }

        int length = n + (2 * pad);
        double[] rented = ArrayPool<double>.Shared.Rent(length + _zi.Length);
        try
        {
            Span<double> ext = rented.AsSpan(0, length);
            Span<double> state = rented.AsSpan(length, _zi.Length);

            // Odd extension: 2·x[0] − x[pad..1] before, 2·x[n−1] − x[n−2..n−1−pad] after.
            for (int k = 0; k < pad; k++)
            {
                ext[k] = (2.0 * values[0]) - values[pad - k];
                ext[pad + n + k] = (2.0 * values[n - 1]) - values[n - 2 - k];
            }

            values.CopyTo(ext[pad..]);
            Pass(ext, state, forward: true);
            Pass(ext, state, forward: false);
            ext.Slice(pad, n).CopyTo(values);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    private static bool IsMissing(double v) => double.IsNaN(v) || v == 0;

    // One lfilter pass with zi·(first sample), in the loop order of scipy's C implementation.
    private void Pass(Span<double> x, Span<double> z, bool forward)
    {
        int n = x.Length;
        double first = forward ? x[0] : x[n - 1];
        for (int k = 0; k < z.Length; k++)
        {
            z[k] = _zi[k] * first;
        }

        int last = _b.Length - 1;
        for (int step = 0; step < n; step++)
        {
            int i = forward ? step : n - 1 - step;
            double xn = x[i];
            double yn = z[0] + (_b[0] * xn);
            for (int k = 0; k < last - 1; k++)
            {
                z[k] = z[k + 1] + (xn * _b[k + 1]) - (yn * _a[k + 1]);
            }

            z[last - 1] = (xn * _b[last]) - (yn * _a[last]);
            x[i] = yn;
        }
    }

    // scipy.signal.butter(N, Wn, 'low', analog=False, output='ba'): buttap → lp2lp_zpk → bilinear_zpk → zpk2tf.
    private static (double[] B, double[] A) Design(int order, double wn)
    {
        const double fs = 2.0;
        double warped = 2.0 * fs * Math.Tan(Math.PI * wn / fs);
        var poles = new Complex[order];
        Complex denominator = Complex.One;
        for (int i = 0; i < order; i++)
        {
            int m = -order + 1 + (2 * i);
            Complex analog = -Complex.Exp(new Complex(0, Math.PI * m / (2.0 * order))) * warped;
            poles[i] = (2.0 * fs + analog) / (2.0 * fs - analog);
            denominator *= 2.0 * fs - analog;
        }

        double gain = Math.Pow(warped, order) * (Complex.One / denominator).Real;
        Complex[] a = Poly(poles);
        Complex[] zeros = new Complex[order];
        Array.Fill(zeros, -Complex.One);
        Complex[] b = Poly(zeros);
        var bReal = new double[order + 1];
        var aReal = new double[order + 1];
        for (int i = 0; i <= order; i++)
        {
            bReal[i] = gain * b[i].Real;
            aReal[i] = a[i].Real;
        }

        return (bReal, aReal);
    }

    // numpy.poly: coefficients of Π (z − rootᵢ), highest power first, by successive convolution.
    private static Complex[] Poly(Complex[] roots)
    {
        var c = new Complex[roots.Length + 1];
        c[0] = Complex.One;
        for (int r = 0; r < roots.Length; r++)
        {
            for (int k = r + 1; k >= 1; k--)
            {
                c[k] -= roots[r] * c[k - 1];
            }
        }

        return c;
    }

    // scipy.signal.lfilter_zi: solve (I − companion(a)ᵀ)·zi = b[1:] − a[1:]·b[0] (Gaussian elimination, partial pivoting).
    private static double[] SteadyState(double[] b, double[] a)
    {
        int n = a.Length - 1;
        var m = new double[n, n];
        var rhs = new double[n];
        for (int i = 0; i < n; i++)
        {
            // companion(a) has first row −a[1:]/a[0] and ones on the sub-diagonal; its transpose has −a[1:] in column 0.
            m[i, 0] = a[i + 1];
            if (i + 1 < n)
            {
                m[i, i + 1] -= 1.0;
            }

            m[i, i] += 1.0;
            rhs[i] = b[i + 1] - (a[i + 1] * b[0]);
        }

        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int row = col + 1; row < n; row++)
            {
                if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = row;
                }
            }

            if (pivot != col)
            {
                for (int k = 0; k < n; k++)
                {
                    (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
                }

                (rhs[col], rhs[pivot]) = (rhs[pivot], rhs[col]);
            }

            for (int row = col + 1; row < n; row++)
            {
                double factor = m[row, col] / m[col, col];
                for (int k = col; k < n; k++)
                {
                    m[row, k] -= factor * m[col, k];
                }

                rhs[row] -= factor * rhs[col];
            }
        }

        var zi = new double[n];
        for (int row = n - 1; row >= 0; row--)
        {
            double sum = rhs[row];
            for (int k = row + 1; k < n; k++)
            {
                sum -= m[row, k] * zi[k];
            }

            zi[row] = sum / m[row, row];
        }

        return zi;
    }
}
