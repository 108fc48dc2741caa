namespace Broadcast3D.Tracking.Filtering;

/// <summary>
/// The 1€ filter (Casiez, Roussel &amp; Vogel, "1€ Filter: A Simple Speed-based Low-pass Filter for Noisy Input in
/// Interactive Systems", CHI 2012) over a fixed number of channels (e.g. keypoints × 3 coordinates), for live
/// use where a zero-phase filter cannot wait for future frames: an exponential smoother whose cut-off rises with
/// the filtered speed, fc = <see cref="MinCutoffHz"/> + <see cref="Beta"/>·|ẋ|, so slow motion is smoothed and fast
/// motion follows with little lag. A NaN sample passes through as NaN and leaves that channel's state untouched.
/// State for all channels is allocated once; <see cref="Filter"/> allocates nothing. Not thread-safe.
/// </summary>
public sealed class OneEuroFilter
{
    private readonly double[] _value;
    private readonly double[] _derivative;
    private readonly double[] _lastTime;

    /// <summary>Creates the filter.</summary>
    /// <param name="channels">Number of independent values filtered together.</param>
    /// <param name="minCutoffHz">Cut-off at rest, Hz (lower = smoother at rest, more lag).</param>
    /// <param name="beta">Speed coefficient, seconds per unit (higher = less lag in fast motion).</param>
    /// <param name="derivativeCutoffHz">Cut-off of the speed estimate, Hz (1 Hz in the paper).</param>
    /// <exception cref="ArgumentOutOfRangeException">Channels &lt; 1, a cut-off ≤ 0 or beta &lt; 0.</exception>
    public OneEuroFilter(int channels, double minCutoffHz = 1.0, double beta = 0.0, double derivativeCutoffHz = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minCutoffHz);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(derivativeCutoffHz);
        ArgumentOutOfRangeException.ThrowIfNegative(beta);
        MinCutoffHz = minCutoffHz;
        Beta = beta;
        DerivativeCutoffHz = derivativeCutoffHz;
        _value = new double[channels];
        _derivative = new double[channels];
        _lastTime = new double[channels];
        Reset();
    }

    /// <summary>Cut-off at rest, Hz.</summary>
    public double MinCutoffHz { get; }

    /// <summary>Speed coefficient.</summary>
    public double Beta { get; }

    /// <summary>Cut-off of the speed estimate, Hz.</summary>
    public double DerivativeCutoffHz { get; }

    /// <summary>Number of channels.</summary>
    public int Channels => _value.Length;

    /// <summary>Forgets the history: the next sample of every channel passes unfiltered.</summary>
    public void Reset()
    {
        Array.Fill(_lastTime, double.NaN);
        Array.Clear(_derivative);
        Array.Clear(_value);
    }

    /// <summary>Filters one sample per channel in place, taken at <paramref name="timeSeconds"/>.</summary>
    /// <exception cref="ArgumentException">Wrong number of values.</exception>
    public void Filter(Span<double> values, double timeSeconds)
    {
        if (values.Length != _value.Length)
        {
            throw new ArgumentException($"The filter has {_value.Length} channels, got {values.Length} values.", nameof(values));
        }

        for (int i = 0; i < values.Length; i++)
        {
            double x = values[i];
            if (double.IsNaN(x))
            {
                continue;
            }

            double dt = timeSeconds - _lastTime[i];
            if (!(dt > 0))
            {
                // First sample (NaN dt), or a repeated/out-of-order time: restart this channel from the sample.
                _value[i] = x;
                _derivative[i] = 0;
                _lastTime[i] = timeSeconds;
                continue;
            }

            double speed = (x - _value[i]) / dt;
            _derivative[i] += Alpha(DerivativeCutoffHz, dt) * (speed - _derivative[i]);
            double cutoff = MinCutoffHz + (Beta * Math.Abs(_derivative[i]));
            _value[i] += Alpha(cutoff, dt) * (x - _value[i]);
            _lastTime[i] = timeSeconds;
            values[i] = _value[i];
        }
    }

    // Smoothing factor of a first-order low-pass with cut-off fc sampled every dt: 1 / (1 + τ/dt), τ = 1/(2π·fc).
    private static double Alpha(double cutoffHz, double dt) => 1.0 / (1.0 + (1.0 / (2.0 * Math.PI * cutoffHz * dt)));
}
