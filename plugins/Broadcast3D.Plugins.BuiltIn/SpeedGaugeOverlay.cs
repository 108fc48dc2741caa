using System.Globalization;
using System.Numerics;

namespace Broadcast3D.Plugins.BuiltIn;

/// <summary>
/// <c>speed-gauge</c>: one athlete's pelvis speed on a gauge in screen space, a dial (an arc of 270° from 0 at the
/// lower left, clockwise to <c>maxSpeed</c> at the lower right, filled up to the speed, with a needle) or a horizontal
/// bar, with the figure ("7.4 m/s") under it. The speed is the <c>speed</c> overlay's (pelvis, over
/// <c>windowSeconds</c>). Settings: <c>personId</c> (-1: the highlighted athlete, else the first), <c>style</c>
/// ("dial" or "bar"), <c>maxSpeed</c> (12 m/s), <c>x</c> and <c>y</c> (the gauge's centre, fractions of the picture's
/// width and height: 0.88, 0.8), <c>size</c> (dial radius or half the bar's length, fraction of the picture's height:
/// 0.1), <c>colour</c> ("#FFD400"), <c>trackColour</c> ("#FFFFFF59"), <c>needleColour</c> ("#FFFFFF"),
/// <c>windowSeconds</c> (0.25). Drawn only when configured.
/// </summary>
public sealed class SpeedGaugeOverlay : IOverlayPlugin
{
    /// <summary>Angle of speed 0 on the dial, degrees anticlockwise from the right (the lower left).</summary>
    public const double ZeroDegrees = 225;

    /// <summary>Sweep of the dial from 0 to <c>maxSpeed</c>, degrees clockwise.</summary>
    public const double SweepDegrees = 270;

    private const int Steps = 400;   // labels 0.0–40.0 m/s, as the speed overlay
    private const int Samples = 60;  // enough history for the longest window at 60 fps
    private const int Slots = 32;
    private const int Segments = 54; // 5° per chord: the arc looks round at any broadcast size

    private readonly PelvisTracks _tracks = new();
    private readonly string[] _labels = new string[Steps + 1];
    private readonly Vector2[] _arc = new Vector2[Segments + 2];
    private int _personId = -1;
    private bool _bar;
    private double _max = 12, _window = 0.25, _x = 0.88, _y = 0.8, _size = 0.1;
    private Vector4 _colour, _track, _needle;
    private double _speed = double.NaN;

    /// <summary>The labels made.</summary>
    public SpeedGaugeOverlay()
    {
        for (int i = 0; i <= Steps; i++)
            _labels[i] = string.Create(CultureInfo.InvariantCulture, $"{i / 10.0:0.0} m/s");
        _tracks.Configure(Samples, Slots);
    }

    public string Name => "speed-gauge";

    public string Version => SdkVersion.Text;

    public string Description => "one athlete's speed on a dial or bar in screen space";

    public void Configure(PluginSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _personId = settings.Integer("personId", -1, -1, int.MaxValue);
        string style = settings.Text("style", "dial");
        if (style is not ("dial" or "bar"))
            settings.AddError("style", $"must be \"dial\" or \"bar\", got \"{style}\"");
        _bar = style == "bar";
        _max = settings.Number("maxSpeed", 12, 1, Steps / 10.0);
        _x = settings.Number("x", 0.88, 0, 1);
        _y = settings.Number("y", 0.8, 0, 1);
        _size = settings.Number("size", 0.1, 0.02, 0.5);
        _colour = settings.Colour("colour", new Vector4(1f, 0.83f, 0f, 1f));
        _track = settings.Colour("trackColour", new Vector4(1f, 1f, 1f, 0x59 / 255f));
        _needle = settings.Colour("needleColour", Vector4.One);
        _window = settings.Number("windowSeconds", 0.25, 0.05, 1);
    }

    /// <summary>The angle of <paramref name="speed"/> on a dial to <paramref name="maxSpeed"/>, radians anticlockwise from the right.</summary>
    public static double DialRadians(double speed, double maxSpeed) =>
        (ZeroDegrees - (SweepDegrees * Math.Clamp(speed / maxSpeed, 0, 1))) * Math.PI / 180;

    public void Update(OverlayScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        _tracks.Update(scene);
        _speed = double.NaN;
        ScenePerson? first = null, followed = null;
        foreach (ScenePerson person in scene.People)
        {
            if (_personId >= 0 ? person.Id == _personId : person.Highlighted)
                followed = person;
            first ??= person;
        }
        followed ??= _personId >= 0 ? null : first;
        if (followed is not null && _tracks.Find(followed.Id) is { } track)
            _speed = track.SpeedMetresPerSecond(_window);
    }

    public void Draw(OverlayScene scene, IOverlayCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(canvas);
        if (!double.IsFinite(_speed))
            return;
        float opacity = scene.Opacity;
        Vector4 colour = _colour with { W = _colour.W * opacity }, track = _track with { W = _track.W * opacity };
        var centre = new Vector2((float)(_x * (canvas.Width - 1)), (float)(_y * (canvas.Height - 1)));
        float size = (float)(_size * canvas.Height);
        double fraction = Math.Clamp(_speed / _max, 0, 1);
        float textTop;
        if (_bar)
        {
            float thickness = size / 4;
            canvas.Rectangle(centre.X - size, centre.Y - (thickness / 2), 2 * size, thickness, track);
            canvas.Rectangle(centre.X - size, centre.Y - (thickness / 2), (float)(2 * size * fraction), thickness, colour);
            textTop = centre.Y + thickness;
        }
        else
        {
            float width = Math.Max(2, size / 8);
            canvas.ScreenPolyline(Arc(centre, size, 1, Segments), track, width);
            // The filled part: whole chords up to the speed, then the last partial one to its exact angle.
            int whole = (int)Math.Floor(fraction * Segments);
            canvas.ScreenPolyline(Arc(centre, size, fraction, whole), colour, width);
            double needle = DialRadians(_speed, _max);
            var tip = centre + (new Vector2((float)Math.Cos(needle), -(float)Math.Sin(needle)) * (size * 0.8f));
            canvas.ScreenLine(centre, tip, _needle with { W = _needle.W * opacity }, Math.Max(2, size / 20));
            textTop = centre.Y + (size * 0.45f);
        }
        TextStyle style = LabelText.Style(canvas, opacity);
        string label = _labels[(int)Math.Round(Math.Clamp(_speed, 0, Steps / 10.0) * 10)];
        canvas.Text(label, centre.X - (canvas.MeasureText(label, style) / 2), textTop + style.PixelSize, style);
    }

    public void PrepareText(IOverlayCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        TextStyle style = LabelText.Style(canvas, 1);
        foreach (string label in _labels)
            canvas.PrepareText(label, style);
    }

    /// <summary>The dial's arc from 0 to <paramref name="fraction"/> of the sweep: <paramref name="whole"/> chords, then one to the exact end.</summary>
    private ReadOnlySpan<Vector2> Arc(Vector2 centre, float radius, double fraction, int whole)
    {
        int n = 0;
        for (int i = 0; i <= whole; i++)
            _arc[n++] = OnDial(centre, radius, DialRadians((double)i / Segments, 1));
        if ((double)whole / Segments < fraction)
            _arc[n++] = OnDial(centre, radius, DialRadians(fraction, 1));
        return _arc.AsSpan(0, n);
    }

    private static Vector2 OnDial(Vector2 centre, float radius, double radians) =>
        centre + (new Vector2((float)Math.Cos(radians), -(float)Math.Sin(radians)) * radius);
}
