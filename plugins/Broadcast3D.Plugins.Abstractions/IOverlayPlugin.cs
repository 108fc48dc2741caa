namespace Broadcast3D.Plugins;

/// <summary>
/// A plugin that draws over the programme (and replay) pictures. Per picture the host calls <see cref="Update"/> once
/// (advance per-person state such as trails) and then <see cref="Draw"/> for every view that shows the picture (the
/// programme, its graphics layer), which must draw the same thing each time and change no state. Both run on the
/// channel thread within the frame's time: allocate buffers in the constructor or <see cref="IPlugin.Configure"/>, not
/// per frame. The host measures each call against its per-frame budget and reports the plugins over it.
/// </summary>
public interface IOverlayPlugin : IPlugin
{
    /// <summary>Advances the plugin's state to the picture of <paramref name="scene"/> (called once per picture).</summary>
    void Update(OverlayScene scene);

    /// <summary>Draws the picture of <paramref name="scene"/> on <paramref name="canvas"/> (once per view; no state change).</summary>
    void Draw(OverlayScene scene, IOverlayCanvas canvas);

    /// <summary>
    /// Called once before the live clock starts: shape every text the plugin may draw on air
    /// (<see cref="IOverlayCanvas.PrepareText"/>), so the first showing costs nothing on the channel thread.
    /// </summary>
    void PrepareText(IOverlayCanvas canvas)
    {
    }
}
