namespace Broadcast3D.Cli.Reports;

/// <summary>One still of the report: what happened, the TRC row (0-based) and its time, the camera, and the PNG bytes.</summary>
internal sealed record KeyFrameStill(string Label, int Row, double Seconds, string Camera, byte[] Png);
