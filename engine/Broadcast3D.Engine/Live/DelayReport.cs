using System.Globalization;
using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;

namespace Broadcast3D.Engine.Live;

/// <summary>The run report's lines about the programme delay, the tracking latency and the graphics age.</summary>
internal static class DelayReport
{
    /// <summary>
    /// The lines for <paramref name="state"/> at programme rate <paramref name="rate"/>, with a warning when a fixed
    /// delay is shorter than what tracking needs (its graphics are then drawn from older or newer poses than the picture).
    /// </summary>
    public static IEnumerable<string> Lines(DelayState state, FrameRate rate)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        double frameMs = rate.FrameDuration.ToDouble() * 1000;
        yield return state.Auto
            ? string.Create(inv, $"delay line: auto, {state.DelayFrames} frames at the end ({state.DelayFrames * frameMs:0} ms; target {state.TargetFrames}, at most {state.MaxDelayFrames}), " +
                                 $"{state.RepeatedOnAir} pictures repeated and {state.SkippedOnAir} skipped on air to follow tracking, {state.WarmUpSteps} during warm-up")
            : string.Create(inv, $"delay line: {state.DelayFrames} frames ({state.DelayFrames * frameMs:0} ms, fixed)");
        if (state.TrackingResults == 0)
        {
            yield return "tracking latency: no tracking result reached the channel";
            yield break;
        }
        int needed = (int)Math.Ceiling((state.RequiredP95Ms / frameMs) - 1e-9) + 1;
        yield return string.Create(inv, $"tracking latency: p50 {state.TrackingLatencyP50Ms:0} ms, p95 {state.TrackingLatencyP95Ms:0} ms (frame set handed to tracking → 3D on the channel, " +
                                        $"{state.TrackingResults} results); with one tracking interval p95 {state.RequiredP95Ms:0} ms: a picture delayed {needed} frames is always bracketed");
        if (!state.WarmedUp)
        {
            yield return "graphics age: not measured (the run ended during warm-up)";
            yield break;
        }
        yield return string.Create(inv, $"graphics age: p50 {state.GraphicsAgeP50Ms:0.0} ms, p95 {state.GraphicsAgeP95Ms:0.0} ms, max {state.GraphicsAgeMaxMs:0.0} ms over " +
                                        $"{state.FramesMeasured} programme frames after warm-up, {state.FramesWithinOneFrame} ({state.WithinOneFrameShare * 100:0.0} %) " +
                                        $"at most one frame old; {state.FramesWithoutGraphics} frames without graphics");
        if (!state.Auto && state.RequiredP95Ms > state.DelayFrames * frameMs)
        {
            yield return string.Create(inv, $"warning: the fixed delay of {state.DelayFrames} frames ({state.DelayFrames * frameMs:0} ms) is shorter than the tracking latency plus one interval " +
                                            $"(p95 {state.RequiredP95Ms:0} ms): graphics were drawn p95 {state.GraphicsAgeP95Ms:0} ms (max {state.GraphicsAgeMaxMs:0} ms) from their picture; " +
                                            $"set delayFrames to \"auto\" (or at least {needed})");
        }
    }
}
