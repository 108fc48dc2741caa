using System.Reflection;
using System.Text.Json;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Plugins;
using Broadcast3D.Plugins.BuiltIn;

namespace Broadcast3D.Engine.Plugins;

/// <summary>
/// Every plugin a run can use: the built-ins and those found in the configured folders (each <c>*.dll</c> that
/// references the plugin SDK, loaded into its own collectible <see cref="PluginLoadContext"/>; a public class with a
/// parameterless constructor implementing <see cref="IOverlayPlugin"/> or <see cref="IAnalyticsPlugin"/> is a plugin).
/// Each plugin is created and configured once when found, so its settings are checked before the run starts; a
/// plugin built for another SDK major version, or that cannot be created or configured, is refused
/// (<see cref="Refused"/>, with the reason). <see cref="ReloadInto"/> reloads an assembly whose file changed, and
/// <see cref="PrepareSettings"/> checks run-time settings. Thread-safe: creating instances (any thread, e.g. the control
/// API's checking new settings) and reloading (the channel thread) take one lock.
/// </summary>
public sealed class PluginCatalog : IDisposable
{
    private const string SdkAssembly = "Broadcast3D.Plugins.Abstractions";

    private readonly PluginsConfig _config;
    private readonly Serilog.ILogger _log;
    private readonly List<Entry> _entries = [];
    private readonly List<External> _externals = [];
    private readonly List<string> _refused = [];
    private readonly HashSet<string> _named = new(StringComparer.Ordinal); // every plugin name seen, refused ones too
    private readonly Dictionary<string, JsonElement> _runTimeSettings = new(StringComparer.Ordinal); // applied by the control API
    private readonly Lock _gate = new();

    private PluginCatalog(PluginsConfig config, Serilog.ILogger log) => (_config, _log) = (config, log);

    /// <summary>Finds, loads and configures every plugin of <paramref name="config"/>; refusals are listed, not thrown.</summary>
    public static PluginCatalog Load(PluginsConfig config, Serilog.ILogger log)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(log);
        var catalog = new PluginCatalog(config, log);
        foreach (Type type in BuiltInPlugins.Types)
            catalog.TryAdd(type, "built-in", SdkVersion.Text, catalog._refused);
        foreach (string folder in config.Folders)
        {
            if (!Directory.Exists(folder))
            {
                catalog._refused.Add($"{folder}: plugin folder not found");
                continue;
            }
            foreach (string path in Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal))
            {
                if (catalog.LoadExternal(path, catalog._refused) is { } external)
                    catalog._externals.Add(external);
            }
        }
        foreach (string name in config.Settings.Keys)
        {
            if (!catalog._named.Contains(name))
                catalog._refused.Add($"plugins.settings.{name}: no plugin is named '{name}' (plugins: {string.Join(", ", catalog._entries.Select(e => e.Info.Name))})");
        }
        return catalog;
    }

    /// <summary>Whether any plugin came from a folder (only those are checked for reloads).</summary>
    public bool HasExternals => _externals.Count > 0;

    /// <summary>CPU time a plugin may take per call before it is reported, milliseconds.</summary>
    public double BudgetMilliseconds => _config.BudgetMilliseconds;

    /// <summary>Every plugin found, built-ins first.</summary>
    public IReadOnlyList<PluginInfo> Plugins
    {
        get
        {
            lock (_gate)
                return [.. _entries.Select(e => e.Info)];
        }
    }

    /// <summary>Plugins and settings refused, each line naming the file or field and what to do.</summary>
    public IReadOnlyList<string> Refused => _refused;

    /// <summary>Throws when anything was refused (for a run, which must not go on air without a configured plugin).</summary>
    /// <exception cref="ConfigException">Every refusal.</exception>
    public void ThrowIfRefused()
    {
        if (_refused.Count > 0)
            throw new ConfigException("plugins:\n  " + string.Join("\n  ", _refused));
    }

    /// <summary>Names of the overlay plugins, in drawing order (built-ins first).</summary>
    public IEnumerable<string> OverlayNames => Names<IOverlayPlugin>();

    /// <summary>Names of the analytics plugins, in the order they run.</summary>
    public IEnumerable<string> AnalyticsNames => Names<IAnalyticsPlugin>();

    /// <summary>A new configured instance of every overlay plugin, in drawing order (for one host; the host owns them).</summary>
    public IReadOnlyList<IOverlayPlugin> CreateOverlays() => [.. OverlayNames.Select(n => CreateOverlay(n))];

    /// <summary>
    /// A new instance of overlay plugin <paramref name="name"/>, configured with <paramref name="settings"/> (run-time
    /// settings from the control API: put it in place with <see cref="OverlayHost.Replace"/> between frames), or with
    /// the configuration's settings when null.
    /// </summary>
    /// <exception cref="ArgumentException">No overlay plugin has that name.</exception>
    /// <exception cref="PluginSettingsException">The settings are invalid (every error, with its field path).</exception>
    /// <exception cref="PluginLoadException">The plugin's constructor or Configure threw.</exception>
    public IOverlayPlugin CreateOverlay(string name, JsonElement? settings = null)
    {
        lock (_gate)
        {
            Entry entry = Find<IOverlayPlugin>(name)
                ?? throw new ArgumentException($"no overlay plugin is named '{name}' (overlays: {string.Join(", ", OverlayNames)})", nameof(name));
            return (IOverlayPlugin)Create(entry.Type, entry.Info.Name, settings);
        }
    }

    /// <summary>A new configured instance of every analytics plugin (for one host; the host owns them).</summary>
    public IReadOnlyList<IAnalyticsPlugin> CreateAnalytics() => [.. AnalyticsNames.Select(n => CreateAnalytics(n))];

    /// <summary>
    /// A new instance of analytics plugin <paramref name="name"/>, configured with <paramref name="settings"/>, or with
    /// the settings in force (run-time, else the configuration's) when null.
    /// </summary>
    /// <exception cref="ArgumentException">No analytics plugin has that name.</exception>
    /// <exception cref="PluginSettingsException">The settings are invalid (every error, with its field path).</exception>
    /// <exception cref="PluginLoadException">The plugin's constructor or Configure threw.</exception>
    public IAnalyticsPlugin CreateAnalytics(string name, JsonElement? settings = null)
    {
        lock (_gate)
        {
            Entry entry = Find<IAnalyticsPlugin>(name)
                ?? throw new ArgumentException($"no analytics plugin is named '{name}' (analytics: {string.Join(", ", AnalyticsNames)})", nameof(name));
            return (IAnalyticsPlugin)Create(entry.Type, entry.Info.Name, settings);
        }
    }

    /// <summary>
    /// Checks new settings for plugin <paramref name="name"/> (overlay, analytics or both) on the caller's thread: a
    /// new instance of each kind is created and configured with them, so every mistake is reported now, with its field
    /// path, and nothing on air changes. Apply the result between frames on the channel thread
    /// (<see cref="PluginSettingsChange.Apply"/>, through <c>FrameChannel.Post</c>).
    /// </summary>
    /// <exception cref="ArgumentException">No plugin has that name (names the plugins there are).</exception>
    /// <exception cref="PluginSettingsException">The settings are invalid (every error, with its field path).</exception>
    /// <exception cref="PluginLoadException">The plugin's constructor or Configure threw.</exception>
    public PluginSettingsChange PrepareSettings(string name, JsonElement settings)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            Entry? overlay = Find<IOverlayPlugin>(name), analytics = Find<IAnalyticsPlugin>(name);
            if (overlay is null && analytics is null)
                throw new ArgumentException($"no plugin is named '{name}' (plugins: {string.Join(", ", _entries.Select(e => e.Info.Name))})", nameof(name));
            JsonElement copy = settings.Clone();
            return new PluginSettingsChange(this, name, copy,
                overlay is null ? null : (IOverlayPlugin)Create(overlay.Type, name, copy),
                analytics is null ? null : (IAnalyticsPlugin)Create(analytics.Type, name, copy));
        }
    }

    /// <summary>
    /// Reloads every external assembly whose file changed (<see cref="ReloadChanged"/>) and puts new instances of its
    /// plugins, with the settings in force, in place in <paramref name="overlays"/> and <paramref name="analytics"/>
    /// (between frames, on their thread); a reloaded plugin that does not configure is logged and the previous
    /// instance stays. Returns the names reloaded.
    /// </summary>
    public IReadOnlyList<string> ReloadInto(OverlayHost overlays, AnalyticsHost analytics)
    {
        ArgumentNullException.ThrowIfNull(overlays);
        ArgumentNullException.ThrowIfNull(analytics);
        IReadOnlyList<string> reloaded = ReloadChanged();
        foreach (string name in reloaded)
        {
            try
            {
                lock (_gate)
                {
                    if (Find<IOverlayPlugin>(name) is not null)
                        overlays.Replace(CreateOverlay(name));
                    if (Find<IAnalyticsPlugin>(name) is not null)
                        analytics.Replace(CreateAnalytics(name));
                }
            }
            catch (Exception ex) when (ex is PluginLoadException or PluginSettingsException)
            {
                _log.Error("plugin {Plugin} reloaded but not configured ({Error:l}); the previous instance stays on air", name, ex.Message);
            }
        }
        return reloaded;
    }

    /// <summary>Records <paramref name="settings"/> as plugin <paramref name="name"/>'s settings in force (a reload keeps them; listed in <see cref="Plugins"/>).</summary>
    internal void Remember(string name, JsonElement settings)
    {
        lock (_gate)
        {
            _runTimeSettings[name] = settings;
            for (int i = 0; i < _entries.Count; i++)
            {
                if (_entries[i].Info.Name == name)
                    _entries[i] = _entries[i] with { Info = _entries[i].Info with { Settings = settings.GetRawText() } };
            }
        }
    }

    /// <summary>
    /// The overlays on air at the start: skeleton, labels, trails and speed as <paramref name="overlay"/> says; every
    /// external overlay; any other built-in (bodies, ...) only when the configuration gives it settings.
    /// </summary>
    public OverlaySelection Selection(OverlayConfig overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        var on = new List<string>();
        foreach (Entry e in _entries.Where(e => typeof(IOverlayPlugin).IsAssignableFrom(e.Type)))
        {
            bool enabled = e.Info.Name switch
            {
                "skeleton" => overlay.Skeleton,
                "labels" => overlay.Labels,
                "trails" => overlay.Trails,
                "speed" => overlay.Speed,
                _ => e.Info.Source != "built-in" || _config.Settings.ContainsKey(e.Info.Name),
            };
            if (enabled)
                on.Add(e.Info.Name);
        }
        return new OverlaySelection(on);
    }

    /// <summary>
    /// Reloads every external assembly whose file changed (modification time or length) since it was loaded, into a
    /// new context, and unloads the old one (it is collected once the hosts have replaced its instances); returns the
    /// names of the plugins reloaded. A changed file that no longer loads is logged and its plugins kept as they were.
    /// </summary>
    public IReadOnlyList<string> ReloadChanged()
    {
        lock (_gate)
            return ReloadChangedLocked();
    }

    /// <summary>Unloads the external plugins' contexts (they are collected once no instance is referenced).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (External external in _externals)
                external.Context.Unload();
            _externals.Clear();
        }
    }

    private IEnumerable<string> Names<T>()
    {
        lock (_gate)
            return [.. _entries.Where(e => typeof(T).IsAssignableFrom(e.Type)).Select(e => e.Info.Name)];
    }

    private Entry? Find<T>(string name) => _entries.FirstOrDefault(e => e.Info.Name == name && typeof(T).IsAssignableFrom(e.Type));

    private List<string> ReloadChangedLocked()
    {
        List<string>? reloaded = null;
        for (int i = 0; i < _externals.Count; i++)
        {
            External old = _externals[i];
            if (!old.Changed())
                continue;
            var problems = new List<string>();
            List<Entry> previous = [.. _entries.Where(e => ReferenceEquals(e.Origin, old))];
            _entries.RemoveAll(e => ReferenceEquals(e.Origin, old));
            External? fresh = LoadExternal(old.Path, problems);
            if (fresh is null)
            {
                _log.Error("plugin assembly {Path} changed but did not load ({Problems:l}); keeping the plugins loaded before", old.Path, string.Join("; ", problems));
                _entries.AddRange(previous);
                old.Touch();
                continue;
            }
            _externals[i] = fresh;
            old.Context.Unload();
            foreach (Entry e in _entries.Where(e => ReferenceEquals(e.Origin, fresh)))
                (reloaded ??= []).Add(e.Info.Name);
            _log.Information("plugin assembly {Path} reloaded", old.Path);
        }
        return reloaded ?? [];
    }

    private External? LoadExternal(string path, List<string> problems)
    {
        string file = Path.GetFileNameWithoutExtension(path);
        // Copies of the SDK or its dependencies beside a plugin are not plugins (and resolve to the host's own).
        if (file is SdkAssembly or "Broadcast3D.Core")
            return null;
        var context = new PluginLoadContext(Path.GetDirectoryName(path)!, "plugin " + file);
        External external;
        try
        {
            external = new External(path, context, context.LoadBytes(path));
        }
        catch (Exception ex) when (ex is BadImageFormatException or IOException or UnauthorizedAccessException)
        {
            context.Unload();
            problems.Add($"{path}: not a loadable .NET assembly ({ex.Message})");
            return null;
        }
        AssemblyName? sdk = external.Assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == SdkAssembly);
        if (sdk is null)
        {
            // A dependency of a plugin, not a plugin: left to the context's resolver.
            context.Unload();
            return null;
        }
        Version builtAgainst = sdk.Version ?? new Version(0, 0);
        if (!SdkVersion.IsCompatible(builtAgainst, out string reason))
        {
            context.Unload();
            problems.Add($"{path}: {reason}");
            return null;
        }
        Type[] types;
        try
        {
            types = external.Assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or FileNotFoundException or TypeLoadException)
        {
            context.Unload();
            problems.Add($"{path}: its types do not load ({ex.Message}); put its dependencies in the same folder");
            return null;
        }
        int found = 0;
        string sdkText = $"{builtAgainst.Major}.{builtAgainst.Minor}.{Math.Max(0, builtAgainst.Build)}";
        foreach (Type type in types.Where(IsPluginType))
            found += TryAdd(type, path, sdkText, problems, external) ? 1 : 0;
        if (found == 0)
        {
            context.Unload();
            if (problems.Count == 0)
                problems.Add($"{path}: references the plugin SDK but has no public class implementing IOverlayPlugin or IAnalyticsPlugin with a parameterless constructor");
            return null;
        }
        return external;
    }

    private static bool IsPluginType(Type type) =>
        type is { IsClass: true, IsAbstract: false } && typeof(IPlugin).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null;

    private bool TryAdd(Type type, string source, string sdk, List<string> problems, External? origin = null)
    {
        IPlugin plugin;
        try
        {
            plugin = Create(type, type.FullName ?? type.Name);
        }
        catch (Exception ex) when (ex is PluginSettingsException or PluginLoadException)
        {
            problems.Add(ex.Message);
            return false;
        }
        if (_entries.Any(e => e.Info.Name == plugin.Name))
        {
            problems.Add($"{source}: plugin '{plugin.Name}' ({type.FullName}) has the name of a plugin already loaded; rename one (names are settings keys)");
            return false;
        }
        string kind = string.Join(", ", new[] { plugin is IOverlayPlugin ? "overlay" : null, plugin is IAnalyticsPlugin ? "analytics" : null }.OfType<string>());
        string settings = _config.Settings.TryGetValue(plugin.Name, out JsonElement s) ? s.GetRawText() : "{}";
        _entries.Add(new Entry(type, new PluginInfo(plugin.Name, plugin.Version, kind, source, sdk, plugin.Description, settings), origin));
        return true;
    }

    /// <summary>Creates and configures an instance of <paramref name="type"/>, its settings checked field by field.</summary>
    private IPlugin Create(Type type, string label, JsonElement? overrideSettings = null)
    {
        IPlugin plugin;
        try
        {
            plugin = (IPlugin)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException ex)
        {
            throw new PluginLoadException($"plugin {label}: its constructor threw {ex.InnerException?.GetType().Name}: {ex.InnerException?.Message}", ex);
        }
        if (string.IsNullOrWhiteSpace(plugin.Name))
            throw new PluginLoadException($"plugin {label}: Name is empty; give it a short lower-case name (its settings key)");
        _named.Add(plugin.Name);
        JsonElement? section = overrideSettings
            ?? (_runTimeSettings.TryGetValue(plugin.Name, out JsonElement r) ? r : _config.Settings.TryGetValue(plugin.Name, out JsonElement s) ? s : null);
        var settings = new PluginSettings($"plugins.settings.{plugin.Name}", section)
        {
            BaseDirectory = _config.BaseDirectory,
            AttemptReader = RecordedAttemptReader.Read,
        };
        try
        {
            plugin.Configure(settings);
        }
        catch (PluginSettingsException)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new PluginLoadException($"plugin {plugin.Name}: Configure threw {ex.GetType().Name}: {ex.Message}", ex);
        }
        settings.ThrowIfInvalid();
        return plugin;
    }

    private sealed record Entry(Type Type, PluginInfo Info, External? Origin);

    private sealed class External(string path, PluginLoadContext context, Assembly assembly)
    {
        private (DateTime Time, long Length) _stamp = Stamp(path);

        public string Path { get; } = path;

        public PluginLoadContext Context { get; } = context;

        public Assembly Assembly { get; } = assembly;

        public bool Changed() => File.Exists(Path) && Stamp(Path) != _stamp;

        public void Touch() => _stamp = Stamp(Path);

        private static (DateTime, long) Stamp(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
        }
    }
}
