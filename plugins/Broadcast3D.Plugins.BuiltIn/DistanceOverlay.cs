using System.Globalization;
using System.Numerics;

namespace Broadcast3D.Plugins.BuiltIn;

/// <summary>
/// <c>distance</c>: the distance between the first two people shown ("3.2 m"), as a line on the floor between their
/// pelvises' floor points and a label at its middle. Labels for 0.0–100.0 m in 0.1 steps are made up front, so a
/// frame allocates nothing. Settings: <c>colour</c> ("#FFFFFF"), <c>widthPixels</c> (3). Drawn only when configured
/// (hide people from it through the overlay selection to choose the two).
/// </summary>
public sealed class DistanceOverlay : IOverlayPlugin
{
    private const int Steps = 1000;
    // Segments of the floor line, so that it follows the lens (as the ground line).
    private const int Segments = 16;

    private readonly string[] _labels = new string[Steps + 1];
    private readonly Vector3[] _points = new Vector3[Segments + 1];
    private Vector4 _colour = Vector4.One;
    private float _width = 3;
    private PelvisFinder _pelvis;

    /// <summary>The labels made.</summary>
    public DistanceOverlay()
    {
        for (int i = 0; i <= Steps; i++)
            _labels[i] = string.Create(CultureInfo.InvariantCulture, $"{i / 10.0:0.0} m");
    }

    public string Name => "distance";

    public string Version => SdkVersion.Text;

    public string Description => "distance between two athletes, on the floor";

    public void Configure(PluginSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _colour = settings.Colour("colour", Vector4.One);
        _width = (float)settings.Number("widthPixels", 3, 0.5, 40);
    }

    public void Update(OverlayScene scene)
    {
    }

    public void Draw(OverlayScene scene, IOverlayCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(canvas);
        if (scene.People.Length < 2)
            return;
        Vector3 a = _pelvis.Of(scene, scene.People[0]), b = _pelvis.Of(scene, scene.People[1]);
        if (!ScenePerson.IsFinite(a) || !ScenePerson.IsFinite(b))
            return;
        (a.Z, b.Z) = (0, 0);
        for (int i = 0; i <= Segments; i++)
            _points[i] = Vector3.Lerp(a, b, (float)i / Segments);
        Vector4 colour = _colour with { W = _colour.W * scene.Opacity };
        canvas.Polyline(_points, colour, _width);
        double metres = Vector3.Distance(a, b);
        TextStyle style = LabelText.Style(canvas, scene.Opacity);
        canvas.Label(_points[Segments / 2], _labels[(int)Math.Round(Math.Clamp(metres, 0, Steps / 10.0) * 10)], style, Vector2.Zero);
    }

    public void PrepareText(IOverlayCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        TextStyle style = LabelText.Style(canvas, 1);
        foreach (string label in _labels)
            canvas.PrepareText(label, style);
    }
}
