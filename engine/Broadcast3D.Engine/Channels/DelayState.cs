namespace Broadcast3D.Engine.Channels;

/// <summary>
/// The programme delay and the graphics registration at one moment (<see cref="ProgrammeDelay.State"/>): for the run
/// report, the exit summary and the control API's state. Times in milliseconds; NaN where nothing was measured yet.
/// </summary>
/// <param name="Auto">True when the delay follows the measured tracking latency; false when fixed (configuration or command).</param>
/// <param name="DelayFrames">Delay of the picture now, programme frames.</param>
/// <param name="TargetFrames">What the automatic delay aims for: the tracking requirement's 95th percentile in frames, plus one.</param>
/// <param name="MaxDelayFrames">Longest delay the line holds.</param>
/// <param name="WarmedUp">Tracking has published its first results and the delay reached its first target: from then on the delay changes at most one frame a second (or on command) and the graphics age is counted.</param>
/// <param name="RepeatedOnAir">Pictures shown twice to lengthen the delay after warm-up.</param>
/// <param name="SkippedOnAir">Pictures skipped to shorten the delay after warm-up.</param>
/// <param name="WarmUpSteps">Pictures repeated or skipped while the delay was chosen (warm-up).</param>
/// <param name="TrackingResults">Tracking results the channel received.</param>
/// <param name="TrackingLatencyP50Ms">Frame set handed to tracking → its 3D on the channel, median.</param>
/// <param name="TrackingLatencyP95Ms">The same, 95th percentile.</param>
/// <param name="RequiredP95Ms">
/// 95th percentile of what a picture needs to be bracketed by two results: from the previous result's frame set
/// handed to tracking to this result on the channel (one tracking interval + the latency).
/// </param>
/// <param name="FramesMeasured">Programme frames since warm-up that carried graphics (their age is counted).</param>
/// <param name="FramesWithoutGraphics">Programme frames since warm-up with no skeleton to draw (nobody tracked, or none yet of the picture's timeline segment).</param>
/// <param name="FramesWithinOneFrame">Of <paramref name="FramesMeasured"/>, those whose graphics age is at most one programme frame.</param>
/// <param name="GraphicsAgeP50Ms">Graphics age (how far the 3D drawn is from the picture's capture time), median.</param>
/// <param name="GraphicsAgeP95Ms">Graphics age, 95th percentile.</param>
/// <param name="GraphicsAgeMaxMs">Graphics age, largest.</param>
public sealed record DelayState(
    bool Auto,
    int DelayFrames,
    int TargetFrames,
    int MaxDelayFrames,
    bool WarmedUp,
    long RepeatedOnAir,
    long SkippedOnAir,
    long WarmUpSteps,
    long TrackingResults,
    double TrackingLatencyP50Ms,
    double TrackingLatencyP95Ms,
    double RequiredP95Ms,
    long FramesMeasured,
    long FramesWithoutGraphics,
    long FramesWithinOneFrame,
    double GraphicsAgeP50Ms,
    double GraphicsAgeP95Ms,
    double GraphicsAgeMaxMs)
{
    /// <summary>Share of <see cref="FramesMeasured"/> whose graphics age is at most one frame (NaN with none).</summary>
    public double WithinOneFrameShare => FramesMeasured == 0 ? double.NaN : (double)FramesWithinOneFrame / FramesMeasured;
}
