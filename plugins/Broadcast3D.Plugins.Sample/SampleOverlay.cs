using System.Numerics;

namespace Broadcast3D.Plugins.Sample;

/// <summary>
/// The sample external plugin: a magenta dot on every person's head. Settings: <c>colour</c> ("#FF00FF"),
/// <c>sizePixels</c> (12), <c>fail</c> (false: when true every Draw throws, to show the host's isolation).
/// </summary>
public sealed class SampleOverlay : IOverlayPlugin
{
    private Vector4 _colour = new(1, 0, 1, 1);
    private float _size = 12;
    private bool _fail;
    private int _head = -1;

    public string Name => "sample";

    public string Version => "0.1.0";

    public string Description => "a dot on every head (sample external plugin)";

    public void Configure(PluginSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _colour = settings.Colour("colour", _colour);
        _size = (float)settings.Number("sizePixels", 12, 1, 200);
        _fail = settings.Bool("fail", false);
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
        foreach (ScenePerson person in scene.People)
            canvas.Dot(person.Joints[_head], _size, _colour with { W = _colour.W * scene.Opacity });
        if (_fail)
            throw new InvalidOperationException("the sample plugin was configured to fail");
    }
}
