namespace Broadcast3D.Engine.Control;

/// <summary>An overlay plugin of the running programme, as the control API reports it (<c>GET /api/plugins</c>).</summary>
/// <param name="Name">Its name: the overlay's name in <c>POST /api/overlays</c> and in <c>/api/plugins/{name}/settings</c>.</param>
/// <param name="Version">The plugin's own version.</param>
/// <param name="Source">"built-in" or the assembly's path.</param>
/// <param name="Description">What it draws.</param>
/// <param name="On">Drawn for everyone it is not switched off for.</param>
/// <param name="Settings">Its settings on air, compact JSON ("{}": the defaults).</param>
public sealed record PluginState(string Name, string Version, string Source, string Description, bool On, string Settings);
