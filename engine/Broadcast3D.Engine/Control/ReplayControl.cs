using System.Globalization;
using Broadcast3D.Engine.Replay;

namespace Broadcast3D.Engine.Control;

/// <summary>
/// The replay channel's control surface, free of any transport (the HTTP endpoints in Broadcast3D.Control drive it):
/// what can be checked without the recording is checked on the caller's thread (a time that does not parse, a speed
/// outside (0, 2], a camera the run does not have), the rest on the replay channel thread (a time outside the
/// recording, a mark-out before the mark-in, a camera without pictures there, a corrupt segment); either way a refused
/// command throws <see cref="ControlCommandException"/> naming the request field, and changes nothing. Thread-safe;
/// one replay channel at a time is attached (<see cref="Attach"/>, <see cref="Detach"/>).
/// </summary>
public sealed class ReplayControl
{
    private volatile Attached? _attached;
    private TaskCompletionSource<PreviewPicture>? _preview; // set by a request, taken by the replay channel thread

    /// <summary>True while a replay channel is attached and running.</summary>
    public bool IsRunning => _attached is not null;

    /// <summary>The cameras that can be cued (the run's, in configuration order); empty when no replay channel runs.</summary>
    public IReadOnlyList<string> Cameras => _attached?.Cameras ?? [];

    /// <summary>Connects the running replay channel's controller; <paramref name="cameras"/> are the run's camera names.</summary>
    /// <exception cref="InvalidOperationException">A replay channel is already attached.</exception>
    public void Attach(ReplayController controller, IReadOnlyList<string> cameras)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(cameras);
        if (Interlocked.CompareExchange(ref _attached, new Attached(controller, [.. cameras]), null) is not null)
            throw new InvalidOperationException("a replay channel is already attached to this control");
    }

    /// <summary>The replay channel stopped: commands are refused (503) from now on, and a preview waited for fails.</summary>
    public void Detach()
    {
        _attached = null;
        Interlocked.Exchange(ref _preview, null)?.TrySetException(new ControlUnavailableException("the replay channel stopped"));
    }

    /// <summary>
    /// The next replay picture as drawn (the frame after the request: the real camera, a virtual camera shot, or black
    /// with nothing cued), read back on the replay channel thread. Requests waiting together share that picture. A
    /// synchronous readback stalls that replay frame a few milliseconds and allocates the picture: callers limit how
    /// often they ask (the HTTP server serves a cached one for 500 ms).
    /// </summary>
    /// <exception cref="ControlUnavailableException">No replay channel runs.</exception>
    public Task<PreviewPicture> PreviewAsync()
    {
        if (_attached is null)
            throw new ControlUnavailableException(NotRunning);
        var done = new TaskCompletionSource<PreviewPicture>(TaskCreationOptions.RunContinuationsAsynchronously);
        return (Interlocked.CompareExchange(ref _preview, done, null) ?? done).Task;
    }

    /// <summary>
    /// Replay channel thread, once a frame is drawn into <paramref name="compositor"/> (replay frame
    /// <paramref name="frameIndex"/>): reads it back when a preview was asked for; nothing otherwise.
    /// </summary>
    public void CapturePreview(Renderer.Compositor compositor, long frameIndex)
    {
        ArgumentNullException.ThrowIfNull(compositor);
        if (Volatile.Read(ref _preview) is null || Interlocked.Exchange(ref _preview, null) is not { } done)
            return;
        // The replay is opaque (the plate, or the virtual camera's sky), so its premultiplied RGBA is straight RGBA.
        byte[] rgba = new byte[compositor.Width * compositor.Height * 4];
        compositor.ReadRgba(rgba);
        done.TrySetResult(new PreviewPicture(compositor.Width, compositor.Height, rgba, frameIndex));
    }

    /// <summary>The replay's state (null when no replay channel runs), the refused-command count and the last refusal.</summary>
    public (ReplayState State, long Errors, string? LastError, Core.Time.FrameRate Rate)? Status() =>
        _attached is { } a ? (a.Controller.State, a.Controller.Errors, a.Controller.LastError, a.Controller.Run.FrameRate) : null;

    /// <summary>Marks in at <paramref name="at"/> (a timecode or seconds such as <c>12.5s</c>), or at the programme picture on air when null.</summary>
    public Task<ReplayState> MarkInAsync(string? at) => Run(c => c.MarkIn(Time(at)));

    /// <summary>Marks out (exclusive) at <paramref name="at"/>, or at the programme picture on air when null.</summary>
    public Task<ReplayState> MarkOutAsync(string? at) => Run(c => c.MarkOut(Time(at)));

    /// <summary>
    /// Cues the marked clip on <paramref name="camera"/>, paused on its mark-in; <paramref name="mesh"/> <c>carved</c>
    /// builds the clip's athlete meshes for the virtual camera, <c>none</c> draws capsules, null takes the configuration's
    /// <c>replay.mesh</c>. Refused naming <c>mesh</c> for any other word.
    /// </summary>
    public Task<ReplayState> CueAsync(string camera, string? mesh = null)
    {
        bool? carve = mesh switch
        {
            null => null,
            "carved" => true,
            "none" => false,
            _ => throw new ControlCommandException("mesh", $"'{mesh}' is not a mesh mode; give \"carved\" (the athletes' meshes in the virtual camera) or \"none\" (capsules)"),
        };
        return Run(c => c.Cue(Camera(camera), carve));
    }

    /// <summary>Plays at <paramref name="speed"/> in (0, 2].</summary>
    public Task<ReplayState> PlayAsync(double speed)
    {
        if (!(speed > 0 && speed <= 2))
            throw new ControlCommandException("speed", $"{speed.ToString(CultureInfo.InvariantCulture)} is outside (0, 2]; use e.g. 1, 0.5, 0.33 or 0.25");
        return Run(c => c.Play(speed));
    }

    /// <summary>
    /// Plays the cued clip through a virtual camera: <paramref name="move"/> <c>orbit</c> or <c>fly[:VIEW]</c>
    /// (VIEW: side, behind, front, top or an azimuth in degrees); <paramref name="freeze"/> frames at the position
    /// shown now, or (null/0) the rest of the clip at <paramref name="speed"/>; the last <paramref name="dissolve"/>
    /// frames dissolve into the real camera (0: a cut); <paramref name="athlete"/> the track id followed (null: the
    /// lowest tracked there). Refusals name <c>move</c>, <c>freeze</c>, <c>dissolve</c>, <c>athlete</c> or <c>speed</c>.
    /// </summary>
    public Task<ReplayState> VirtualAsync(string? move, int? freeze, int? dissolve, int? athlete, double? speed)
    {
        if (string.IsNullOrWhiteSpace(move))
            throw new ControlCommandException("move", "missing; give orbit or fly[:VIEW] (VIEW: side, behind, front, top or an azimuth in degrees)");
        if (freeze is < 0 or > ReplayController.MaxShotFrames)
            throw new ControlCommandException("freeze", $"{freeze}: give 1 to {ReplayController.MaxShotFrames} frames, or 0 (or none) to move through the clip");
        if (dissolve is < 0 or > ReplayController.MaxShotFrames)
            throw new ControlCommandException("dissolve", $"{dissolve}: give 0 (a cut) to {ReplayController.MaxShotFrames} frames");
        if (athlete is < 0)
            throw new ControlCommandException("athlete", $"{athlete}: give a track id (GET /api/people), or none for the lowest one tracked there");
        double s = speed ?? 1;
        if (!(s > 0 && s <= 2))
            throw new ControlCommandException("speed", $"{s.ToString(CultureInfo.InvariantCulture)} is outside (0, 2]; use e.g. 1, 0.5, 0.33 or 0.25");
        VirtualCameraShot shot;
        try
        {
            shot = VirtualCameraShot.Parse(move, dissolve ?? 0, athlete, "move");
        }
        catch (ReplayException ex)
        {
            throw new ControlCommandException("move", ex.Message);
        }
        return Run(c => c.PlayVirtual(shot, freeze ?? 0, s));
    }

    /// <summary>Holds the picture.</summary>
    public Task<ReplayState> PauseAsync() => Run(c => c.Pause());

    /// <summary>Pauses and moves by <paramref name="frames"/> recorded frames (−600 to 600).</summary>
    public Task<ReplayState> JogAsync(int frames)
    {
        if (frames is < -600 or > 600 or 0)
            throw new ControlCommandException("frames", $"{frames}: give a number of frames from -600 to 600, not 0 (negative: back)");
        return Run(c => c.Jog(frames));
    }

    /// <summary>Unloads the clip (the replay outputs go black).</summary>
    public Task<ReplayState> StopAsync() => Run(c => c.Stop());

    /// <summary>Shows the same instant of the clip from <paramref name="camera"/>.</summary>
    public Task<ReplayState> SwitchCameraAsync(string camera) => Run(c => c.SwitchCamera(Camera(camera)));

    private async Task<ReplayState> Run(Func<ReplayController, Task<ReplayState>> command)
    {
        Attached attached = _attached ?? throw new ControlUnavailableException(NotRunning);
        try
        {
            return await command(attached.Controller).ConfigureAwait(false);
        }
        catch (ReplayException ex)
        {
            throw new ControlCommandException(ex.Field ?? "body", ex.Message, ex.NotFound);
        }
    }

    private static ReplayTime? Time(string? at)
    {
        if (at is null)
            return null;
        try
        {
            return ReplayTime.Parse(at, "at");
        }
        catch (ReplayException ex)
        {
            throw new ControlCommandException("at", ex.Message);
        }
    }

    private string Camera(string camera)
    {
        IReadOnlyList<string> cameras = Cameras;
        if (!cameras.Contains(camera, StringComparer.Ordinal))
            throw new ControlCommandException("camera", $"'{camera}' is not a camera of this run; cameras: {string.Join(", ", cameras)}", notFound: true);
        return camera;
    }

    private const string NotRunning = "no replay channel runs: add \"replay\": {\"outputs\": [...]} (and a \"record\" section) to the run's configuration";

    private sealed record Attached(ReplayController Controller, string[] Cameras);
}
