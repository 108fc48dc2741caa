namespace Broadcast3D.Plugins;

/// <summary>
/// Something an analytics plugin detected: its <paramref name="Kind"/> (e.g. "jump"), the person, when (seconds of
/// capture time), a main value with its unit (e.g. 0.42, "m") and a caption for graphics and logs
/// (e.g. "jump 0.42 m, flight 0.59 s").
/// </summary>
public sealed record AnalyticsEvent(string Kind, int PersonId, double Seconds, double Value, string Unit, string Caption);
