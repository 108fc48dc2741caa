using System.Globalization;
using System.Numerics;

namespace Broadcast3D.Plugins.BuiltIn;

/// <summary>
/// <c>speed</c>: each person's pelvis speed ("7.4 m/s") on a box beside the pelvis, averaged over a quarter second
/// (long enough to smooth jitter, short enough to follow a sprint). Labels for 0.0–40.0 m/s in 0.1 steps are made up
/// front (faster than any athlete), so a label costs nothing per frame. Settings: <c>windowSeconds</c> (0.25).
/// </summary>
public sealed class SpeedOverlay : IOverlayPlugin
{
    private const int Steps = 400;
    // Enough history for the longest window at 60 fps.
    private const int Samples = 60;
    private const int Slots = 32;

    private readonly PelvisTracks _tracks = new();
    private readonly string[] _labels = new string[Steps + 1];
    private double _window = 0.25;

    /// <summary>The labels made.</summary>
    public SpeedOverlay()
    {
        for (int i = 0; i <= Steps; i++)
            _labels[i] = string.Create(CultureInfo.InvariantCulture, $"{i / 10.0:0.0} m/s");
        _tracks.Configure(Samples, Slots);
    }

    public string Name => "speed";

    public string Version => SdkVersion.Text;

    public string Description => "pelvis speed beside each person, m/s";

    public void Configure(PluginSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // Within the 60 samples kept (1 s at 60 fps).
        _window = settings.Number("windowSeconds", 0.25, 0.05, 1);
    }

    public void Update(OverlayScene scene) => _tracks.Update(scene);

    public void Draw(OverlayScene scene, IOverlayCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(canvas);
        TextStyle style = LabelText.Style(canvas, scene.Opacity);
        var offset = new Vector2(style.PixelSize, 0);
        foreach (ScenePerson person in scene.People)
        {
            Vector3 pelvis = _tracks.Pelvis(scene, person);
            if (!ScenePerson.IsFinite(pelvis) || _tracks.Find(person.Id) is not { } track)
                continue;
            double speed = track.SpeedMetresPerSecond(_window);
            if (double.IsFinite(speed))
                canvas.Label(pelvis, _labels[(int)Math.Round(Math.Clamp(speed, 0, Steps / 10.0) * 10)], style, offset);
        }
    }

    public void PrepareText(IOverlayCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        TextStyle style = LabelText.Style(canvas, 1);
        foreach (string label in _labels)
            canvas.PrepareText(label, style);
    }
}
