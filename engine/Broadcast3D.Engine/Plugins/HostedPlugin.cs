using System.Diagnostics;
using Broadcast3D.Plugins;

namespace Broadcast3D.Engine.Plugins;

/// <summary>
/// A plugin as a host runs it: the instance, its failures and time. <see cref="Failed"/> counts an exception and logs
/// it with the plugin's name; at <see cref="FailureLimit"/> the plugin is disabled for the rest of the run (or until
/// reloaded). One thread (the host's).
/// </summary>
internal sealed class HostedPlugin
{
    /// <summary>Exceptions after which a plugin is disabled: one can be a glitch, five in a run is a broken plugin.</summary>
    public const int FailureLimit = 5;

    private readonly Serilog.ILogger _log;
    private readonly long _budgetTicks;
    private long _calls, _overBudget, _ticks, _maxTicks;
    private bool _budgetReported;

    public HostedPlugin(IPlugin plugin, double budgetMilliseconds, Serilog.ILogger log)
    {
        Plugin = plugin;
        Name = plugin.Name;
        _budgetTicks = (long)(budgetMilliseconds * Stopwatch.Frequency / 1000);
        _log = log;
    }

    public IPlugin Plugin { get; private set; }

    public string Name { get; }

    public int Failures { get; private set; }

    public bool Disabled { get; private set; }

    /// <summary>Puts a new instance of the same plugin in place (a reload): failures and the disabled state are forgotten.</summary>
    public void Replace(IPlugin plugin)
    {
        Plugin = plugin;
        Failures = 0;
        Disabled = false;
    }

    /// <summary>
    /// Puts <paramref name="plugin"/> in place of the plugin of the same name in <paramref name="hosted"/> (a reload or
    /// new settings); false when none has that name.
    /// </summary>
    public static bool ReplaceByName(List<HostedPlugin> hosted, IPlugin plugin)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        foreach (HostedPlugin candidate in hosted)
        {
            if (candidate.Name == plugin.Name)
            {
                candidate.Replace(plugin);
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Runs one plugin call, timed against the budget; an exception is counted and logged as <paramref name="callName"/>
    /// (see <see cref="Failed"/>). Returns false when the call threw. <paramref name="call"/> should be a static lambda
    /// and <paramref name="argument"/> a struct or an existing object, so a call allocates nothing.
    /// </summary>
    public bool Invoke<TArgument>(Action<IPlugin, TArgument> call, TArgument argument, string callName)
    {
        long start = Stopwatch.GetTimestamp();
        bool succeeded = true;
        try
        {
            call(Plugin, argument);
        }
        catch (Exception ex)
        {
            Failed(ex, callName);
            succeeded = false;
        }
        Record(start);
        return succeeded;
    }

    /// <summary>Counts one call that took the ticks since <paramref name="start"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    private void Record(long start)
    {
        long elapsed = Stopwatch.GetTimestamp() - start;
        _calls++;
        _ticks += elapsed;
        _maxTicks = Math.Max(_maxTicks, elapsed);
        // The first calls (an overlay's first Update and Draw) pay JIT compilation and first uses: not a frame's cost.
        if (_calls > 2 && elapsed > _budgetTicks)
        {
            _overBudget++;
            if (!_budgetReported)
            {
                _budgetReported = true;
                _log.Warning("plugin {Plugin}: a call took {Milliseconds:0.00} ms, over its budget of {Budget:0.00} ms per frame (counted from now on)",
                    Name, elapsed * 1000.0 / Stopwatch.Frequency, _budgetTicks * 1000.0 / Stopwatch.Frequency);
            }
        }
    }

    /// <summary>Counts and logs <paramref name="error"/> thrown by <paramref name="call"/>; disables the plugin at the limit.</summary>
    public void Failed(Exception error, string call)
    {
        Failures++;
        _log.Error("plugin {Plugin} failed in {Call} ({Failures} of {Limit}): {Error:l}", Name, call, Failures, FailureLimit, error.ToString());
        if (Failures >= FailureLimit && !Disabled)
        {
            Disabled = true;
            _log.Error("plugin {Plugin} disabled after {Failures} failures; the programme goes on without it", Name, Failures);
        }
    }

    public PluginCounters Counters() => new(Name, _calls, Failures, _overBudget, Disabled,
        _calls == 0 ? 0 : _ticks * 1e6 / Stopwatch.Frequency / _calls, _maxTicks * 1e6 / Stopwatch.Frequency);
}
