using System.Globalization;
using System.Text;
using System.Text.Json;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Tracking.Biomechanics;

/// <summary>
/// <c>b3d analyze</c>'s computation and files for one athlete (one TRC): joint angles, marker and centre-of-mass
/// velocity and acceleration, events. Files: <c>NAME_kinematics.csv</c> (one row per frame, units in the column
/// names, empty cells where a value is missing), <c>NAME_angles.mot</c> (OpenSim motion, degrees, NaN where
/// missing), <c>events.json</c>. Stateless and thread-safe.
/// </summary>
public static class TrialAnalysis
{
    /// <summary>Default body mass, kg, when none is given (it scales segment masses only; positions and angles do not depend on it).</summary>
    public const double DefaultMassKg = 70.0;

    /// <summary>Analyses <paramref name="trc"/> and writes the files into <paramref name="folder"/>; returns the paths written.</summary>
    /// <exception cref="InputFormatException">The TRC lacks the hip markers every definition needs.</exception>
    public static IReadOnlyList<string> Run(TrcData trc, string source, string folder, double massKg)
    {
        ArgumentNullException.ThrowIfNull(trc);
        var markers = new MarkerSet(trc);
        if (!markers.Has("RHip") || !markers.Has("LHip"))
        {
            throw new InputFormatException(source, "analysis needs the Pose2Sim markers RHip and LHip (see README, Biomechanics)");
        }

        Directory.CreateDirectory(folder);
        string name = Path.GetFileNameWithoutExtension(source);
        double[][] angles = JointAngles.Compute(trc);
        Vector3d[] com = Kinematics.Smooth(Kinematics.CentreOfMass(markers, trc.FrameCount), trc.DataRate);
        MovementEventSummary events = MovementEvents.Detect(markers, trc.FrameCount, trc.DataRate, com);

        string csv = Path.Combine(folder, $"{name}_kinematics.csv");
        File.WriteAllText(csv, KinematicsCsv(trc, markers, angles, com));
        string mot = Path.Combine(folder, $"{name}_angles.mot");
        File.WriteAllText(mot, Mot(trc, angles, name));
        string json = Path.Combine(folder, "events.json");
        File.WriteAllText(json, EventsJson(events, massKg, name));
        return [csv, mot, json];
    }

    /// <summary>The OpenSim .mot text of <paramref name="angles"/> (<see cref="JointAngles.Definitions"/> order).</summary>
    public static string Mot(TrcData trc, double[][] angles, string name)
    {
        ArgumentNullException.ThrowIfNull(trc);
        ArgumentNullException.ThrowIfNull(angles);
        var s = new StringBuilder();
        s.Append(name).Append('\n').Append("version=1\n").Append("nRows=").Append(trc.FrameCount).Append('\n')
         .Append("nColumns=").Append(angles.Length + 1).Append('\n').Append("inDegrees=yes\n").Append("endheader\n");
        s.Append("time");
        foreach ((string n, _) in JointAngles.Definitions)
        {
            s.Append('\t').Append(n);
        }

        s.Append('\n');
        for (int f = 0; f < trc.FrameCount; f++)
        {
            s.Append(Num(trc.Times[f]));
            foreach (double[] a in angles)
            {
                s.Append('\t').Append(double.IsFinite(a[f]) ? Num(a[f]) : "NaN");
            }

            s.Append('\n');
        }

        return s.ToString();
    }

    private static string KinematicsCsv(TrcData trc, MarkerSet markers, double[][] angles, Vector3d[] com)
    {
        double rate = trc.DataRate;
        var columns = new List<(string Name, double[] Values)>();
        for (int a = 0; a < angles.Length; a++)
        {
            columns.Add(($"{JointAngles.Definitions[a].Name}_deg", angles[a]));
        }

        void Add(string prefix, Vector3d[] x)
        {
            Vector3d[] v = Kinematics.Velocity(x, rate), acc = Kinematics.Acceleration(x, rate);
            columns.Add(($"{prefix}_vx_m_s", [.. v.Select(p => p.X)]));
            columns.Add(($"{prefix}_vy_m_s", [.. v.Select(p => p.Y)]));
            columns.Add(($"{prefix}_vz_m_s", [.. v.Select(p => p.Z)]));
            columns.Add(($"{prefix}_speed_m_s", [.. v.Select(p => p.Length)]));
            columns.Add(($"{prefix}_ax_m_s2", [.. acc.Select(p => p.X)]));
            columns.Add(($"{prefix}_ay_m_s2", [.. acc.Select(p => p.Y)]));
            columns.Add(($"{prefix}_az_m_s2", [.. acc.Select(p => p.Z)]));
            columns.Add(($"{prefix}_acceleration_m_s2", [.. acc.Select(p => p.Length)]));
        }

        columns.Add(("com_x_m", [.. com.Select(p => p.X)]));
        columns.Add(("com_y_m", [.. com.Select(p => p.Y)]));
        columns.Add(("com_z_m", [.. com.Select(p => p.Z)]));
        Add("com", com);
        foreach (string m in trc.MarkerNames)
        {
            Add(m, Kinematics.Smooth([.. Enumerable.Range(0, trc.FrameCount).Select(f => markers.Get(m, f))], rate));
        }

        var s = new StringBuilder("frame,time_s");
        foreach ((string n, _) in columns)
        {
            s.Append(',').Append(n);
        }

        s.Append('\n');
        for (int f = 0; f < trc.FrameCount; f++)
        {
            s.Append(trc.FrameNumbers[f]).Append(',').Append(Num(trc.Times[f]));
            foreach ((_, double[] values) in columns)
            {
                s.Append(',');
                if (double.IsFinite(values[f]))
                {
                    s.Append(Num(values[f]));
                }
            }

            s.Append('\n');
        }

        return s.ToString();
    }

    private static string EventsJson(MovementEventSummary e, double massKg, string name)
    {
        static double? N(double v) => double.IsFinite(v) ? Math.Round(v, 6) : null;
        var document = new Dictionary<string, object?>
        {
            ["athlete"] = name,
            ["units"] = new Dictionary<string, string> { ["time"] = "s", ["length"] = "m", ["speed"] = "m/s", ["mass"] = "kg", ["cadence"] = "steps/min" },
            ["massKg"] = massKg,
            ["segmentMassesKg"] = SegmentParameters.DeLeva1996Male.ToDictionary(s => s.Segment, s => Math.Round(s.MassFraction * massKg, 4)),
            ["smoothing"] = $"zero-phase Butterworth, order 4, {Kinematics.CutoffHz} Hz, on positions before central differences",
            ["groundHeightM"] = N(e.GroundHeightMetres),
            ["meanHorizontalSpeedMS"] = N(e.MeanHorizontalSpeed),
            ["movement"] = e.Gait is null ? "other" : "gait",
            ["footContacts"] = e.Contacts.Select(c => new Dictionary<string, object?> { ["foot"] = c.Foot, ["startS"] = N(c.StartSeconds), ["endS"] = N(c.EndSeconds), ["durationS"] = N(c.DurationSeconds) }).ToList(),
            ["jumps"] = e.Jumps.Select(j => new Dictionary<string, object?>
            {
                ["takeOffS"] = N(j.TakeOffSeconds), ["landingS"] = N(j.LandingSeconds), ["flightTimeS"] = N(j.FlightTimeSeconds),
                ["heightFromFlightTimeM"] = N(j.HeightFromFlightTimeMetres), ["heightFromComRiseM"] = N(j.HeightFromComRiseMetres),
            }).ToList(),
            ["gait"] = e.Gait is null ? null : new Dictionary<string, object?>
            {
                ["speedMS"] = N(e.Gait.SpeedMetresPerSecond), ["strideLengthsM"] = e.Gait.StrideLengthsMetres.Select(N).ToList(),
                ["cadenceStepsPerMin"] = N(e.Gait.CadenceStepsPerMinute), ["meanContactTimeS"] = N(e.Gait.MeanContactSeconds),
            },
        };
        return JsonSerializer.Serialize(document, JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
