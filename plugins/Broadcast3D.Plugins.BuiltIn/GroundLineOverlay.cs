using System.Numerics;

namespace Broadcast3D.Plugins.BuiltIn;

/// <summary>
/// <c>ground-line</c>: a line on the floor (z = 0) from <c>from</c> to <c>to</c> (world metres, e.g. a record or a
/// finish line), cut into short segments so that it follows the lens's distortion and perspective and lands on the
/// calibrated floor, with an optional <c>label</c> at its end. Settings: <c>from</c>, <c>to</c> ([x, y] metres; nothing is drawn without them),
/// <c>colour</c> ("#FFD400"), <c>widthPixels</c> (6), <c>label</c> (none). Drawn only when configured.
/// </summary>
public sealed class GroundLineOverlay : IOverlayPlugin
{
    /// <summary>The default record-line yellow.</summary>
    public static readonly Vector4 DefaultColour = new(1f, 0.83f, 0f, 1f);

    // Segments of the line: at 10 cm or less on a 5 m line the distorted curve is within a pixel of its chords.
    private const int Segments = 64;

    private readonly Vector3[] _points = new Vector3[Segments + 1];
    private Vector4 _colour = DefaultColour;
    private float _width = 6;
    private string? _label;

    public string Name => "ground-line";

    public string Version => SdkVersion.Text;

    public string Description => "a line on the floor (record, finish), perspective-correct";

    public void Configure(PluginSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Vector3 none = new(float.NaN);
        Vector3 from = settings.Point("from", none), to = settings.Point("to", none);
        // Neither: nothing to draw (listed, not configured); one without the other is a mistake.
        if (ScenePerson.IsFinite(from) != ScenePerson.IsFinite(to))
            settings.AddError(ScenePerson.IsFinite(from) ? "to" : "from", "required with the other end: [x, y] in metres on the floor");
        from.Z = to.Z = 0; // on the floor, whatever z was given
        for (int i = 0; i <= Segments; i++)
            _points[i] = Vector3.Lerp(from, to, (float)i / Segments);
        _colour = settings.Colour("colour", DefaultColour);
        _width = (float)settings.Number("widthPixels", 6, 0.5, 60);
        string label = settings.Text("label", "");
        _label = label.Length == 0 ? null : label;
    }

    public void Update(OverlayScene scene)
    {
    }

    public void Draw(OverlayScene scene, IOverlayCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(canvas);
        if (!ScenePerson.IsFinite(_points[0]) || !ScenePerson.IsFinite(_points[Segments]))
            return;
        canvas.Polyline(_points, _colour, _width);
        if (_label is not null)
        {
            int size = Math.Max(12, canvas.Height / 30);
            canvas.Label(_points[Segments], _label, new TextStyle(size, new Vector4(1, 1, 1, 1)) { Box = _colour with { W = 0.8f } }, new Vector2(size * 0.5f, -size * 0.5f));
        }
    }

    public void PrepareText(IOverlayCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        if (_label is not null)
            canvas.PrepareText(_label, new TextStyle(Math.Max(12, canvas.Height / 30), Vector4.One));
    }
}
