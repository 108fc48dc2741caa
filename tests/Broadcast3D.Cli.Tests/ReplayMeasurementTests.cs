using System.Globalization;
using System.Text.RegularExpressions;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// Issue #14's measurement "programme repeats and drops with recording on vs off": the same four live UDP cameras
/// (<see cref="StampedCameraRig"/>, 272×480 at 60 fps) through <c>b3d run</c> twice in one test, recording off then
/// on (copy mode), each for the same number of programme frames; the run reports' channel lines are compared.
/// </summary>
[NonParallelizable]
public partial class ReplayMeasurementTests
{
    private const int Frames = 60 * 30;

    [Test]
    [Explicit("measurement for docs/replay.md: two 30 s live runs of four cameras")]
    [Category("Measurement")]
    public void ProgrammeRepeatsAndDrops_RecordingOffThenOn_FourCameras()
    {
        using var tmp = new TempFolder("b3d-record-cost");
        using var rig = new StampedCameraRig(tmp, 4);
        string config = rig.Config(tmp, "[]", delayFrames: 2);
        string plain = File.ReadAllText(config);
        (long Out, long Late, long Repeated, long Dropped, long TicksDropped) off = Run(config);
        int brace = plain.IndexOf('{', StringComparison.Ordinal);
        File.WriteAllText(config, plain[..(brace + 1)] + $$""" "record": {"folder": "{{tmp.File("rec")}}"}, """ + plain[(brace + 1)..]);
        (long Out, long Late, long Repeated, long Dropped, long TicksDropped) on = Run(config);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"4 cameras, {Frames} programme frames: recording off: {off.Out} out, {off.Late} late, {off.Repeated} repeated, {off.Dropped} pictures dropped, {off.TicksDropped} ticks dropped; " +
            $"recording on (copy): {on.Out} out, {on.Late} late, {on.Repeated} repeated, {on.Dropped} pictures dropped, {on.TicksDropped} ticks dropped"));
        // A channel behind real time drops ticks (counted): frames out + ticks dropped = the ticks asked for, in both runs.
        Assert.That(on.Out + on.TicksDropped, Is.EqualTo(off.Out + off.TicksDropped), "both runs lasted the ticks asked for");
    }

    private static (long, long, long, long, long) Run(string config)
    {
        using var b3d = new B3dLiveRun(config, Frames);
        int exit = b3d.WaitForExit();
        TestContext.Out.WriteLine(b3d.StdOut);
        Assert.That(exit, Is.Zero, b3d.StdErr);
        Match m = ChannelLine().Match(b3d.StdOut);
        Assert.That(m.Success, Is.True, "the run report's channel line");
        long Value(string name) => long.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);
        return (Value("out"), Value("late"), Value("repeated"), Value("dropped"), Value("ticks"));
    }

    [GeneratedRegex(@"channel: (?<out>\d+) frames out, (?<late>\d+) late.*?, (?<repeated>\d+) repeated \(no new picture\), (?<dropped>\d+) pictures dropped \(channel behind\), \d+ dropped by outputs, (?<ticks>\d+) ticks dropped")]
    private static partial Regex ChannelLine();
}
