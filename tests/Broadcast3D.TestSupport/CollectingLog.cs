using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Broadcast3D.TestSupport;

/// <summary>
/// A real Serilog logger whose events are rendered ("{Message:lj}", as the console shows them) into a list the
/// test reads: the lines a component logs are asserted on, not stubbed. Thread-safe (the list is locked on add).
/// </summary>
public static class CollectingLog
{
    /// <summary>A logger at Verbose that appends every event, rendered with <paramref name="template"/>, to <paramref name="lines"/>.</summary>
    public static Serilog.Core.Logger Into(List<string> lines, string template = "{Message:lj}")
    {
        ArgumentNullException.ThrowIfNull(lines);
        return Calling(line => { lock (lines) lines.Add(line); }, template);
    }

    /// <summary>A logger at Verbose that hands every event, rendered with <paramref name="template"/>, to <paramref name="onLine"/> (on the logging thread).</summary>
    public static Serilog.Core.Logger Calling(Action<string> onLine, string template = "{Message:lj}")
    {
        ArgumentNullException.ThrowIfNull(onLine);
        return new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new Sink(onLine, template)).CreateLogger();
    }

    private sealed class Sink(Action<string> onLine, string template) : ILogEventSink
    {
        private readonly Serilog.Formatting.Display.MessageTemplateTextFormatter _format = new(template);

        public void Emit(LogEvent logEvent)
        {
            using var text = new StringWriter();
            _format.Format(logEvent, text);
            onLine(text.ToString());
        }
    }
}
