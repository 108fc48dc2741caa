using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Channels;

namespace Broadcast3D.Engine.Control;

/// <summary>
/// The programme delay as the control API reports it (<c>delay</c> in <c>GET /api/state</c> and the WebSocket's state):
/// what <see cref="ProgrammeDelay.State"/> measures, in programme frames and milliseconds, with nulls where nothing
/// was measured yet (JSON has no NaN).
/// </summary>
/// <param name="Mode">Automatic (follows the tracking latency) or fixed.</param>
/// <param name="Frames">Delay of the picture now, programme frames.</param>
/// <param name="Milliseconds">The same at the programme's frame rate.</param>
/// <param name="TargetFrames">Where the delay is going: the automatic target (tracking latency plus one interval, 95th percentile, plus one frame) or the fixed frames.</param>
/// <param name="MaxFrames">Longest delay the line holds (<c>maxDelayFrames</c>).</param>
/// <param name="WarmedUp">The first tracking results were measured and the delay reached its first target: from then on it changes at most a frame a second (or on command), and the graphics age is counted.</param>
/// <param name="RepeatedOnAir">Pictures shown twice to lengthen the delay after warm-up.</param>
/// <param name="SkippedOnAir">Pictures skipped to shorten it after warm-up.</param>
/// <param name="WarmUpSteps">Pictures repeated or skipped while the delay was first chosen.</param>
/// <param name="TrackingResults">Tracking results the channel received.</param>
/// <param name="TrackingLatencyP50Ms">Frame set handed to tracking → its 3D on the channel, median.</param>
/// <param name="TrackingLatencyP95Ms">The same, 95th percentile.</param>
/// <param name="RequiredP95Ms">What a picture needs to be bracketed by two results (one tracking interval plus the latency), 95th percentile.</param>
/// <param name="GraphicsAge">The graphics age since warm-up.</param>
public sealed record DelayLineState(DelayMode Mode, int Frames, double Milliseconds, int TargetFrames, int MaxFrames, bool WarmedUp,
    long RepeatedOnAir, long SkippedOnAir, long WarmUpSteps, long TrackingResults, double? TrackingLatencyP50Ms, double? TrackingLatencyP95Ms,
    double? RequiredP95Ms, GraphicsAgeState GraphicsAge)
{
    /// <summary>The control API's view of <paramref name="state"/> at programme rate <paramref name="rate"/> (ms rounded to 0.1).</summary>
    public static DelayLineState From(DelayState state, FrameRate rate)
    {
        ArgumentNullException.ThrowIfNull(state);
        double frameMs = rate.FrameDuration.ToDouble() * 1000;
        var age = new GraphicsAgeState(state.FramesMeasured, state.FramesWithoutGraphics, state.FramesWithinOneFrame,
            Round(state.WithinOneFrameShare * 100), Round(state.GraphicsAgeP50Ms), Round(state.GraphicsAgeP95Ms), Round(state.GraphicsAgeMaxMs));
        return new DelayLineState(state.Auto ? DelayMode.Auto : DelayMode.Fixed, state.DelayFrames, Math.Round(state.DelayFrames * frameMs, 1),
            state.TargetFrames, state.MaxDelayFrames, state.WarmedUp, state.RepeatedOnAir, state.SkippedOnAir, state.WarmUpSteps, state.TrackingResults,
            Round(state.TrackingLatencyP50Ms), Round(state.TrackingLatencyP95Ms), Round(state.RequiredP95Ms), age);
    }

    private static double? Round(double value) => double.IsFinite(value) ? Math.Round(value, 1) : null;
}
