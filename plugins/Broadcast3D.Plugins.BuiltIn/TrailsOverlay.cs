using System.Numerics;

namespace Broadcast3D.Plugins.BuiltIn;

/// <summary>
/// <c>trails</c>: the pelvis path of every person over the last <c>samples</c> pictures (60: 1 s at 60 fps, a stride
/// or two without clutter), fading in from its oldest point. Settings: <c>samples</c>, <c>colour</c> ("#00D1FFE6"),
/// <c>widthPixels</c> (4).
/// </summary>
public sealed class TrailsOverlay : IOverlayPlugin
{
    /// <summary>The default cyan, slightly translucent.</summary>
    public static readonly Vector4 DefaultColour = new(0f, 0.82f, 1f, 0.9f);

    private readonly PelvisTracks _tracks = new();
    private Vector4 _colour = DefaultColour;
    private float _width = 4f;

    /// <summary>A trail of 60 samples for up to 32 people until configured.</summary>
    public TrailsOverlay() => _tracks.Configure(60, Slots);

    // People followed at once: more than a start list, few enough to keep the buffers small.
    private const int Slots = 32;

    public string Name => "trails";

    public string Version => SdkVersion.Text;

    public string Description => "pelvis path of every tracked person";

    public void Configure(PluginSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // Two points make a segment; 600 is 10 s at 60 fps, longer only clutters.
        _tracks.Configure(settings.Integer("samples", 60, 2, 600), Slots);
        _colour = settings.Colour("colour", DefaultColour);
        _width = (float)settings.Number("widthPixels", 4, 0.5, 40);
    }

    public void Update(OverlayScene scene) => _tracks.Update(scene);

    public void Draw(OverlayScene scene, IOverlayCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(canvas);
        Vector4 colour = _colour with { W = _colour.W * scene.Opacity };
        foreach (ScenePerson person in scene.People)
        {
            if (_tracks.Find(person.Id) is { Samples: >= 2 } track)
                canvas.Polyline(track.Points, colour, _width, fadeIn: true);
        }
    }
}
