using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Tracking.Tests;

/// <summary>
/// C3D content shaped as the named systems write it, built from the specification's description of their groups
/// (no vendor file is used or committed): which groups and parameters appear, integer or float data, scale factors,
/// analog channels, residuals and camera masks, header or EVENT-group events, LABELS2 beyond 255 points.
/// Each is written in every processor format by the tests.
/// </summary>
internal static class C3dVariants
{
    public static IEnumerable<string> Names => ["Vicon", "Qualisys", "MotionAnalysis", "Bts", "Optotrak", "Kistler"];

    public static (C3dData Data, C3dWriteOptions Options) Build(string name, C3dProcessor processor) => name switch
    {
        // Nexus: float data with a small negative scale, mm, force plates on analog at 10 samples per frame, EVENT group, SUBJECTS.
        "Vicon" => (WithGroups(Points(10, 100, 8, "mm", seed: 1, analogChannels: 6, samplesPerFrame: 10), g =>
        {
            g.Set("POINT", C3dParameter.String("X_SCREEN", "+X"));
            g.Set("POINT", C3dParameter.String("Y_SCREEN", "+Z"));
            g.Set("FORCE_PLATFORM", C3dParameter.Int16("USED", [1], scalar: true));
            g.Set("FORCE_PLATFORM", C3dParameter.Int16("TYPE", [2]));
            g.Set("FORCE_PLATFORM", C3dParameter.Int16("CHANNEL", [1, 2, 3, 4, 5, 6]));
            g.Set("FORCE_PLATFORM", C3dParameter.FloatMatrix("ORIGIN", 3, 1, [0f, 0f, -40f]));
            g.Set("FORCE_PLATFORM", new C3dParameter("CORNERS", C3dDataType.Float, [3, 4, 1], Floats(12, 232f)));
            g.Set("EVENT", C3dParameter.Int16("USED", [3], scalar: true));
            g.Set("EVENT", C3dParameter.Strings("CONTEXTS", ["Left", "Right", "General"]));
            g.Set("EVENT", C3dParameter.Strings("LABELS", ["Foot Strike", "Foot Off", "Event"]));
            g.Set("EVENT", C3dParameter.Strings("DESCRIPTIONS", ["heel strike", "toe off", "generic"]));
            g.Set("EVENT", C3dParameter.FloatMatrix("TIMES", 2, 3, [0f, 0.12f, 0f, 0.35f, 1f, 2.5f]));
            g.Set("EVENT", C3dParameter.Int16("ICON_IDS", [1, 2, 0]));
            g.Set("SUBJECTS", C3dParameter.Int16("USES_PREFIXES", [1], scalar: true));
            g.Set("SUBJECTS", C3dParameter.Strings("NAMES", ["Athlete"]));
            g.Set("SUBJECTS", C3dParameter.Strings("LABEL_PREFIXES", ["Athlete:"]));
            g.Set("MANUFACTURER", C3dParameter.String("COMPANY", "Vicon"));
            g.Set("MANUFACTURER", C3dParameter.String("SOFTWARE", "Vicon Nexus"));
        }), new C3dWriteOptions { Processor = processor, PointScale = 0.1f }),

        // QTM: float data, residuals and camera masks per point, header events, no analog board.
        "Qualisys" => (WithGroups(Points(12, 200, 5, "mm", seed: 2, residuals: true, headerEvents: true), g =>
        {
            g.Set("MANUFACTURER", C3dParameter.String("COMPANY", "Qualisys"));
            g.Set("MANUFACTURER", C3dParameter.String("SOFTWARE", "Qualisys Track Manager"));
            g.Set("MANUFACTURER", C3dParameter.Int16("VERSION", [2023, 3, 0]));
        }), new C3dWriteOptions { Processor = processor, PointScale = 0.1f }),

        // Cortex/EVa: scaled 16-bit integers (positive scale), the SEG group of the old tracker settings.
        "MotionAnalysis" => (WithGroups(Points(6, 120, 7, "mm", seed: 3, residuals: true), g =>
        {
            g.Set("SEG", C3dParameter.Float("MARKER_DIAMETER", [12f], scalar: true));
            g.Set("SEG", C3dParameter.Float("DATA_LIMITS", [-3000f, 3000f, -3000f, 3000f, 0f, 2500f]));
            g.Set("SEG", C3dParameter.Float("ACC_FACTOR", [50f], scalar: true));
            g.Set("SEG", C3dParameter.Float("NOISE_FACTOR", [10f], scalar: true));
            g.Set("SEG", C3dParameter.Float("RESIDUAL_ERROR_FACTOR", [2f], scalar: true));
            g.Set("MANUFACTURER", C3dParameter.String("COMPANY", "Motion Analysis Corporation"));
        }), new C3dWriteOptions { Processor = processor, IntegerData = true, PointScale = 0.1f }),

        // SMART: float data in metres, analog EMG at 20 samples per frame (unsigned integers in integer files).
        "Bts" => (WithGroups(Points(9, 100, 4, "m", seed: 4, analogChannels: 2, samplesPerFrame: 20, unsignedAnalog: true), g =>
        {
            g.Set("MANUFACTURER", C3dParameter.String("COMPANY", "BTS Bioengineering"));
            g.Set("MANUFACTURER", C3dParameter.String("SOFTWARE", "SMART Analyzer"));
        }), new C3dWriteOptions { Processor = processor, PointScale = 0.0001f }),

        // Optotrak: many IRED markers (300 → POINT:LABELS and LABELS2), scaled integers.
        "Optotrak" => (WithGroups(Points(300, 100, 3, "mm", seed: 5), g =>
            g.Set("MANUFACTURER", C3dParameter.String("COMPANY", "Northern Digital Inc."))),
            new C3dWriteOptions { Processor = processor, IntegerData = true, PointScale = 0.05f }),

        // BioWare: force plates only (POINT:USED 0), 8 channels at 1000 Hz, offsets and a general scale.
        "Kistler" => (WithGroups(Points(0, 1000, 50, "mm", seed: 6, analogChannels: 8, samplesPerFrame: 1), g =>
        {
            g.Set("FORCE_PLATFORM", C3dParameter.Int16("USED", [1], scalar: true));
            g.Set("FORCE_PLATFORM", C3dParameter.Int16("TYPE", [3]));
            g.Set("FORCE_PLATFORM", C3dParameter.Int16("CHANNEL", [1, 2, 3, 4, 5, 6, 7, 8]));
            g.Set("MANUFACTURER", C3dParameter.String("COMPANY", "Kistler"));
            g.Set("MANUFACTURER", C3dParameter.String("SOFTWARE", "BioWare"));
        }), new C3dWriteOptions { Processor = processor, IntegerData = true, PointScale = 1f }),
        _ => throw new ArgumentException(name),
    };

    private static C3dData WithGroups(C3dData data, Action<C3dParameterSection> add)
    {
        add(data.Parameters);
        return data;
    }

    private static C3dData Points(int points, double rate, int frames, string units, int seed, int analogChannels = 0, int samplesPerFrame = 1,
        bool residuals = false, bool headerEvents = false, bool unsignedAnalog = false)
    {
        var random = new Random(seed);
        float span = units == "m" ? 2f : 2000f;
        var xyz = new float[frames * points * 3];
        var res = new float[frames * points];
        var masks = new byte[frames * points];
        for (int i = 0; i < frames * points; i++)
        {
            bool gap = i % 7 == 3; // some invalid points in every variant
            for (int a = 0; a < 3; a++)
            {
                xyz[(i * 3) + a] = gap ? float.NaN : (float)((random.NextDouble() - 0.5) * span);
            }

            res[i] = gap ? -1f : residuals ? random.Next(1, 200) * 0.1f : 0f;
            masks[i] = gap || !residuals ? (byte)0 : (byte)random.Next(1, 128);
        }

        C3dAnalog? analog = null;
        if (analogChannels > 0)
        {
            var values = new float[frames * samplesPerFrame * analogChannels];
            var scales = new float[analogChannels];
            var offsets = new short[analogChannels];
            for (int c = 0; c < analogChannels; c++)
            {
                scales[c] = 0.0025f * (c + 1);
                offsets[c] = (short)(unsignedAnalog ? 2048 : c * 3);
            }

            for (int i = 0; i < values.Length; i++)
            {
                int c = i % analogChannels;
                // Whole counts, so integer files store the values exactly.
                values[i] = random.Next(-1500, 1500) * scales[c] * 0.5f;
            }

            analog = new C3dAnalog([.. Enumerable.Range(1, analogChannels).Select(c => $"Ch{c}")], samplesPerFrame, values, scales, offsets)
            {
                GeneralScale = 0.5f,
                Units = [.. Enumerable.Repeat("N", analogChannels)],
                Unsigned = unsignedAnalog,
            };
        }

        return new C3dData([.. Enumerable.Range(1, points).Select(p => $"Marker{p:000}")], rate, frames, xyz, res, masks)
        {
            PointUnits = units,
            Analog = analog,
            HeaderEvents = headerEvents ? [new C3dEvent("RHS", 0.01, true), new C3dEvent("LTO", 0.02, false)] : [],
        };
    }

    private static byte[] Floats(int count, float value)
    {
        var bytes = new byte[count * 4];
        for (int i = 0; i < count; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), value * (i % 2 == 0 ? 1 : -1));
        }

        return bytes;
    }
}
