using Broadcast3D.Engine.Offline;
using Spectre.Console;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// Shows an offline run's progress: Spectre.Console bars on an interactive terminal, otherwise one plain line per
/// phase every 10 % (logs and CI stay readable).
/// </summary>
internal static class ConsoleProgress
{
    public static T Run<T>(Func<IProgress<OfflineProgress>, T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
            return work(new PlainLines());
        return AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                // Spectre reads the task values from its render thread; Report only sets them.
                var progress = new SynchronousProgress(p =>
                {
                    if (!tasks.TryGetValue(p.Phase, out ProgressTask? task))
                        tasks[p.Phase] = task = ctx.AddTask(p.Phase, maxValue: p.Total);
                    task.Value = p.Done;
                });
                return work(progress);
            });
    }

    /// <summary>Runs the callback on the reporting thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress(Action<OfflineProgress> report) : IProgress<OfflineProgress>
    {
        public void Report(OfflineProgress value) => report(value);
    }

    private sealed class PlainLines : IProgress<OfflineProgress>
    {
        private string _phase = "";
        private int _lastTenth = -1;

        public void Report(OfflineProgress value)
        {
            if (value.Phase != _phase)
            {
                _phase = value.Phase;
                _lastTenth = -1;
            }
            int tenth = value.Total == 0 ? 10 : value.Done * 10 / value.Total;
            if (tenth == _lastTenth)
                return;
            _lastTenth = tenth;
            Console.Out.WriteLine($"  {value.Phase}: {value.Done}/{value.Total}");
        }
    }
}
