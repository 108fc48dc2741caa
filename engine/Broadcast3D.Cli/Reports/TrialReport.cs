using System.Globalization;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Broadcast3D.Cli.Commands;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Media;
using Broadcast3D.Tracking.Biomechanics;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Cli.Reports;

/// <summary>
/// <c>b3d report</c>'s page: one self-contained HTML file (no scripts, no external resources) with the athlete's
/// angle curves and speeds as inline SVG drawn by ScottPlot, the events table, with videos and a calibration the
/// key-frame stills (<see cref="KeyFrameStills"/>, PNG data URIs), and the provenance (input file and its SHA-256,
/// frames, rate, units, smoothing, body-segment model, calibration and video of the stills, software version).
/// Stateless.
/// </summary>
internal static class TrialReport
{
    private static readonly (string Title, string[] Angles)[] AnglePlots =
    [
        ("Knee flexion", ["right_knee_flexion", "left_knee_flexion"]),
        ("Hip flexion and abduction", ["right_hip_flexion", "left_hip_flexion", "right_hip_abduction", "left_hip_abduction"]),
        ("Ankle dorsiflexion", ["right_ankle_dorsiflexion", "left_ankle_dorsiflexion"]),
        ("Upper body", ["right_elbow_flexion", "left_elbow_flexion", "right_shoulder_elevation", "left_shoulder_elevation", "trunk_lean"]),
    ];

    /// <summary>The page of <paramref name="trc"/> (read from <paramref name="source"/>); stills only when <paramref name="stills"/> is given.</summary>
    /// <exception cref="UsageException">See <see cref="KeyFrameStills.Render"/>.</exception>
    /// <exception cref="MediaException">See <see cref="KeyFrameStills.Render"/>.</exception>
    public static string Build(TrcData trc, string source, double massKg, StillSource? stills = null)
    {
        var markers = new MarkerSet(trc);
        double[][] angles = JointAngles.Compute(trc);
        Vector3d[] com = Kinematics.Smooth(Kinematics.CentreOfMass(markers, trc.FrameCount), trc.DataRate);
        MovementEventSummary events = MovementEvents.Detect(markers, trc.FrameCount, trc.DataRate, com);
        double[] time = [.. trc.Times];
        var names = JointAngles.Definitions.Select(d => d.Name).ToList();

        var html = new StringBuilder();
        string title = WebUtility.HtmlEncode(Path.GetFileNameWithoutExtension(source));
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(title).Append(" – Broadcast3D report</title>\n")
            .Append("<style>body{font-family:sans-serif;margin:2em;max-width:1000px}table{border-collapse:collapse}td,th{border:1px solid #999;padding:3px 8px;text-align:right}th{background:#eee}figure{margin:1em 0}</style>\n")
            .Append("</head>\n<body>\n<h1>").Append(title).Append("</h1>\n");

        html.Append("<h2>Joint angles</h2>\n");
        foreach ((string plotTitle, string[] series) in AnglePlots)
        {
            html.Append("<figure>").Append(Plot(plotTitle, "angle (°)", time, series.Select(s => (s, angles[names.IndexOf(s)])))).Append("</figure>\n");
        }

        html.Append("<h2>Speed</h2>\n");
        Vector3d[] comVelocity = Kinematics.Velocity(com, trc.DataRate);
        var speeds = new List<(string, double[])> { ("centre of mass", [.. comVelocity.Select(v => v.Length)]) };
        foreach (string m in new[] { "RAnkle", "LAnkle", "RWrist", "LWrist" })
        {
            if (markers.Has(m))
            {
                Vector3d[] track = Kinematics.Smooth([.. Enumerable.Range(0, trc.FrameCount).Select(f => markers.Get(m, f))], trc.DataRate);
                speeds.Add((m, [.. Kinematics.Velocity(track, trc.DataRate).Select(v => v.Length)]));
            }
        }

        html.Append("<figure>").Append(Plot("Speed", "speed (m/s)", time, speeds)).Append("</figure>\n");
        AppendEvents(html, events);
        if (stills is not null)
        {
            AppendStills(html, KeyFrameStills.Render(trc, source, KeyFrameStills.Choose(trc, events, angles), stills));
        }

        AppendProvenance(html, trc, source, massKg, stills);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string Plot(string title, string yLabel, double[] time, IEnumerable<(string Name, double[] Values)> series)
    {
        var plot = new ScottPlot.Plot();
        foreach ((string name, double[] values) in series)
        {
            // Missing samples are left out of the line rather than drawn as 0.
            int[] valid = [.. Enumerable.Range(0, values.Length).Where(i => double.IsFinite(values[i]))];
            if (valid.Length == 0)
            {
                continue;
            }

            var scatter = plot.Add.Scatter(valid.Select(i => time[i]).ToArray(), valid.Select(i => values[i]).ToArray());
            scatter.LegendText = name;
            scatter.MarkerSize = 0;
        }

        plot.Title(title);
        plot.XLabel("time (s)");
        plot.YLabel(yLabel);
        plot.ShowLegend();
        return plot.GetSvgXml(900, 320);
    }

    private static void AppendEvents(StringBuilder html, MovementEventSummary e)
    {
        static string N(double v, string format) => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
        html.Append("<h2>Events</h2>\n<p>Movement: ").Append(e.Gait is null ? "other (not gait)" : "gait/running")
            .Append("; ground height ").Append(N(e.GroundHeightMetres, "F3")).Append(" m; net horizontal speed ").Append(N(e.MeanHorizontalSpeed, "F2")).Append(" m/s.</p>\n");
        html.Append("<table><tr><th>foot</th><th>contact start (s)</th><th>end (s)</th><th>duration (s)</th></tr>\n");
        foreach (FootContact c in e.Contacts)
        {
            html.Append("<tr><td>").Append(c.Foot).Append("</td><td>").Append(N(c.StartSeconds, "F3")).Append("</td><td>").Append(N(c.EndSeconds, "F3"))
                .Append("</td><td>").Append(N(c.DurationSeconds, "F3")).Append("</td></tr>\n");
        }

        html.Append("</table>\n<table><tr><th>jump take-off (s)</th><th>landing (s)</th><th>flight (s)</th><th>height from flight (m)</th><th>height from CoM rise (m)</th></tr>\n");
        foreach (Jump j in e.Jumps)
        {
            html.Append("<tr><td>").Append(N(j.TakeOffSeconds, "F3")).Append("</td><td>").Append(N(j.LandingSeconds, "F3")).Append("</td><td>").Append(N(j.FlightTimeSeconds, "F3"))
                .Append("</td><td>").Append(N(j.HeightFromFlightTimeMetres, "F3")).Append("</td><td>").Append(N(j.HeightFromComRiseMetres, "F3")).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
        if (e.Gait is GaitSummary g)
        {
            html.Append("<p>Gait: cadence ").Append(N(g.CadenceStepsPerMinute, "F1")).Append(" steps/min, mean contact ").Append(N(g.MeanContactSeconds, "F3"))
                .Append(" s, strides ").Append(string.Join(", ", g.StrideLengthsMetres.Select(s => N(s, "F2")))).Append(" m.</p>\n");
        }
    }

    private static void AppendStills(StringBuilder html, List<KeyFrameStill> stills)
    {
        html.Append("<h2>Key frames</h2>\n");
        foreach (KeyFrameStill s in stills)
        {
            string caption = WebUtility.HtmlEncode(string.Create(CultureInfo.InvariantCulture, $"{s.Label}: t = {s.Seconds:F3} s (row {s.Row + 1}), camera {s.Camera}"));
            html.Append("<figure><img style=\"max-width:100%\" alt=\"").Append(caption).Append("\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(s.Png)).Append("\"><figcaption>").Append(caption).Append("</figcaption></figure>\n");
        }
    }

    private static void AppendProvenance(StringBuilder html, TrcData trc, string source, double massKg, StillSource? stills)
    {
        string hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(source)));
        string version = typeof(TrialReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        html.Append("<h2>Provenance</h2>\n<table>\n");
        void Row(string k, string v) => html.Append("<tr><th>").Append(k).Append("</th><td style=\"text-align:left\">").Append(WebUtility.HtmlEncode(v)).Append("</td></tr>\n");
        Row("input", Path.GetFullPath(source));
        Row("input SHA-256", hash);
        Row("frames", string.Create(CultureInfo.InvariantCulture, $"{trc.FrameCount} at {trc.DataRate} Hz, {trc.MarkerCount} markers, units {trc.Units}"));
        Row("angles", "b3d analyze definitions (README, Biomechanics and exports), Sports2D conventions in 3-D");
        Row("smoothing", $"zero-phase Butterworth, order 4, {Kinematics.CutoffHz} Hz, before differentiation");
        Row("body model", string.Create(CultureInfo.InvariantCulture, $"de Leva (1996) male segment parameters, mass {massKg} kg"));
        Row("calibration, 2D models, triangulation filter", "as recorded with the TRC (not stored in a TRC file)");
        if (stills is not null)
        {
            Row("key-frame stills", $"videos {Path.GetFullPath(stills.VideosFolder)}, calibration {Path.GetFullPath(stills.CalibrationPath)}, camera {stills.Camera ?? "(the first)"}; skeleton drawn by the GPU compositor; " +
                (stills.BlurOthers ? "everything but the athlete blurred (other people did not consent)" : "nothing blurred (--blur none)"));
        }

        Row("software", $"Broadcast3D b3d {version}");
        html.Append("</table>\n");
    }
}
