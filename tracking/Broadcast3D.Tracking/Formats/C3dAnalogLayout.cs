namespace Broadcast3D.Tracking.Formats;

/// <summary>The ANALOG parameters the reader needs to turn raw samples into physical values. Immutable.</summary>
internal sealed record C3dAnalogLayout(string[] Labels, float[] Scales, short[] Offsets, float GeneralScale, string[] Units, bool Unsigned)
{
    public static C3dAnalogLayout From(C3dParameterSection parameters, int channels, string source)
    {
        if (channels == 0)
        {
            return new C3dAnalogLayout([], [], [], 1f, [], false);
        }

        float[] scales = PerChannel(parameters.Find("ANALOG", "SCALE")?.GetFloats(), channels, 1f, "ANALOG:SCALE", source);
        float[] offsetValues = PerChannel(parameters.Find("ANALOG", "OFFSET")?.GetFloats(), channels, 0f, "ANALOG:OFFSET", source);
        float general = parameters.Find("ANALOG", "GEN_SCALE")?.GetFloats().FirstOrDefault() ?? 1f;
        string format = parameters.Find("ANALOG", "FORMAT") is { Type: C3dDataType.Char } f ? f.GetStrings().FirstOrDefault() ?? string.Empty : string.Empty;
        string[] units = C3dFileReader.Labels(parameters, "ANALOG", "UNITS", channels, string.Empty);
        return new C3dAnalogLayout(C3dFileReader.Labels(parameters, "ANALOG", "LABELS", channels, "A"), scales,
            [.. offsetValues.Select(o => (short)o)], general, units.Length == channels ? units : [.. Enumerable.Repeat(string.Empty, channels)],
            format.Trim().Equals("UNSIGNED", StringComparison.OrdinalIgnoreCase));
    }

    private static float[] PerChannel(float[]? values, int channels, float fallback, string field, string source)
    {
        if (values is null)
        {
            return [.. Enumerable.Repeat(fallback, channels)];
        }

        return values.Length >= channels
            ? values[..channels]
            : throw new InputFormatException(source, $"{field}: {values.Length} values for {channels} channels (ANALOG:USED)");
    }
}
