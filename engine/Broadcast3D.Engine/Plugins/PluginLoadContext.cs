using System.Reflection;
using System.Runtime.Loader;

namespace Broadcast3D.Engine.Plugins;

/// <summary>
/// The collectible load context of one external plugin assembly. The SDK and Core resolve to the host's own copies
/// (so the plugin's IOverlayPlugin is the host's, and a copy shipped beside the plugin is ignored); any other
/// dependency is loaded from the plugin's folder. Assemblies are loaded from bytes, never mapped from the file, so
/// the file can be rebuilt or replaced while the plugin runs, and the context unloads once nothing uses its types.
/// </summary>
internal sealed class PluginLoadContext(string folder, string name) : AssemblyLoadContext(name, isCollectible: true)
{
    private static readonly string[] s_shared = ["Broadcast3D.Plugins.Abstractions", "Broadcast3D.Core", "Serilog"];

    /// <summary>Loads the assembly in <paramref name="path"/> from its bytes.</summary>
    public Assembly LoadBytes(string path)
    {
        using var stream = new MemoryStream(File.ReadAllBytes(path));
        return LoadFromStream(stream);
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (s_shared.Contains(assemblyName.Name, StringComparer.Ordinal))
            return null;
        string candidate = Path.Combine(folder, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadBytes(candidate) : null;
    }
}
