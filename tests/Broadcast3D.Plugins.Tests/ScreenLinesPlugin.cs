using System.Numerics;

namespace Broadcast3D.Plugins.Tests;

/// <summary>
/// A plugin written for the tests against the SDK only, as a user would: draws the screen-space lines it is given
/// (each a polyline in output pixels) through <see cref="IOverlayCanvas.ScreenPolyline"/>, in white.
/// </summary>
internal sealed class ScreenLinesPlugin(float widthPixels, params Vector2[][] polylines) : IOverlayPlugin
{
    public string Name => "screen-lines";

    public string Version => "1.0.0";

    public string Description => "test: screen-space polylines";

    public void Configure(PluginSettings settings)
    {
    }

    public void Update(OverlayScene scene)
    {
    }

    public void Draw(OverlayScene scene, IOverlayCanvas canvas)
    {
        foreach (Vector2[] line in polylines)
            canvas.ScreenPolyline(line, Vector4.One, widthPixels);
    }
}
