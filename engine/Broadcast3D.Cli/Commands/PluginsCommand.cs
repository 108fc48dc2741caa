using System.CommandLine;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Plugins;
using Broadcast3D.Plugins;
using Serilog;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// <c>b3d plugins list [CONFIG]</c>: every plugin found, built-in and from CONFIG's plugin folders, with its version,
/// kind, the SDK it was built against, where it came from and its settings; refused plugins and settings after it,
/// each with its reason (exit 1 when there is one, as <c>b3d run</c> would refuse to start).
/// </summary>
internal static class PluginsCommand
{
    public static Command Create()
    {
        var config = new Argument<string?>("CONFIG") { Description = "Pipeline configuration whose plugins section to load (default: built-ins only).", Arity = ArgumentArity.ZeroOrOne };
        var list = new Command("list", "List every plugin found: name, version, kind, SDK version, source, settings.") { config };
        list.SetAction(parse => List(parse.GetValue(config)));
        return new Command("plugins", $"Overlay and analytics plugins (SDK {SdkVersion.Text}).") { list };
    }

    private static int List(string? configPath)
    {
        PluginsConfig plugins = configPath is null ? PluginsConfig.Default : PipelineConfigLoader.Load(configPath).Plugins;
        using PluginCatalog catalog = PluginCatalog.Load(plugins, Log.Logger);
        // Plain lines, one block per plugin rather than a table: paths and settings are long, and each line stays
        // whole (unwrapped) on a terminal and in a pipe.
        TextWriter o = Console.Out;
        foreach (PluginInfo p in catalog.Plugins)
        {
            o.WriteLine($"{p.Name} {p.Version} ({p.Kind}, SDK {p.SdkVersion}): {p.Description}");
            o.WriteLine($"  source: {p.Source}");
            o.WriteLine($"  settings: {p.Settings}");
        }
        o.WriteLine($"plugin SDK {SdkVersion.Text}: {catalog.Plugins.Count} plugins, {catalog.Refused.Count} refused");
        foreach (string refused in catalog.Refused)
            o.WriteLine($"refused: {refused}");
        return catalog.Refused.Count == 0 ? CliErrors.Ok : CliErrors.BadInput;
    }
}
