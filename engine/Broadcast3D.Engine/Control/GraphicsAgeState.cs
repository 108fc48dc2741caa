namespace Broadcast3D.Engine.Control;

/// <summary>
/// Graphics age of the programme frames since warm-up: how far the 3D drawn on a frame is from its picture's capture
/// time (0 when interpolated between tracking results that bracket it; else how long it was held). Times in
/// milliseconds, null before any frame was measured.
/// </summary>
/// <param name="Frames">Programme frames since warm-up that carried graphics.</param>
/// <param name="WithoutGraphics">Programme frames since warm-up with no skeleton to draw (nobody tracked, or none yet of the picture's timeline segment).</param>
/// <param name="WithinOneFrame">Of <paramref name="Frames"/>, those at most one programme frame old.</param>
/// <param name="WithinOneFramePercent">The same as a percentage of <paramref name="Frames"/> (0–100).</param>
/// <param name="P50Ms">Median age.</param>
/// <param name="P95Ms">95th percentile.</param>
/// <param name="MaxMs">Largest.</param>
public sealed record GraphicsAgeState(long Frames, long WithoutGraphics, long WithinOneFrame, double? WithinOneFramePercent, double? P50Ms, double? P95Ms,
    double? MaxMs);
