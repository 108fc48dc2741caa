using System.Numerics;

namespace Broadcast3D.Plugins.BuiltIn;

/// <summary>
/// <c>jump-callout</c>: the last jump of each person ("jump 0.42 m, flight 0.59 s", from the <c>jump</c> analytics)
/// above the head for <c>seconds</c> (3) after landing. Settings: <c>seconds</c>. Drawn only when configured.
/// </summary>
public sealed class JumpCalloutOverlay : IOverlayPlugin
{
    private static readonly Vector4 Accent = new(0.85f, 0.1f, 0.2f, 0.85f);
    private double _seconds = 3;
    private int _head = -1;

    public string Name => "jump-callout";

    public string Version => SdkVersion.Text;

    public string Description => "height and flight time of each person's last jump, above the head";

    public void Configure(PluginSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _seconds = settings.Number("seconds", 3, 0.5, 60);
    }

    public void Update(OverlayScene scene)
    {
    }

    public void Draw(OverlayScene scene, IOverlayCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(canvas);
        if (_head < 0)
            _head = scene.Skeleton.Require("Head");
        int size = LabelText.Pixels(canvas);
        var style = new TextStyle(size, LabelText.Colour with { W = scene.Opacity }) { Box = Accent with { W = Accent.W * scene.Opacity } };
        foreach (ScenePerson person in scene.People)
        {
            if (scene.Analytics.LatestEvent("jump", person.Id) is { } jump && scene.Seconds - jump.Seconds is >= 0 and var age && age <= _seconds &&
                ScenePerson.IsFinite(person.Joints[_head]))
            {
                // Above the id label (which sits half a text size above-right of the head).
                canvas.Label(person.Joints[_head], jump.Caption, style, new Vector2(size * 0.5f, -size * 2.5f));
            }
        }
    }
}
