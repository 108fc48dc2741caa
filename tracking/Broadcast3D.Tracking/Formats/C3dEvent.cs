namespace Broadcast3D.Tracking.Formats;

/// <summary>
/// A C3D event: from the header's event block (label of up to 4 characters, no context) or from the EVENT parameter
/// group (label, context such as <c>Left</c>/<c>Right</c>, time). Time in seconds from the start of the capture.
/// </summary>
/// <param name="Label">Event label (header labels are at most 4 characters).</param>
/// <param name="TimeSeconds">Time in seconds.</param>
/// <param name="Displayed">Header display flag (true = shown); true for EVENT-group events.</param>
/// <param name="Context">EVENT:CONTEXTS entry; empty for header events.</param>
public sealed record C3dEvent(string Label, double TimeSeconds, bool Displayed = true, string Context = "");
