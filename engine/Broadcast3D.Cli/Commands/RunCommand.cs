using System.CommandLine;
using System.Runtime.InteropServices;
using Broadcast3D.Control;
using Broadcast3D.Engine.Control;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Live;
using Broadcast3D.Engine.Privacy;
using Serilog;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// <c>b3d run CONFIG</c>: the live pipeline until Ctrl-C (or <c>--frames</c>), outputs finalised on exit; with a
/// <c>control</c> section, the control API and panel run beside it (started first, so a bad bind or token fails before
/// any model loads; stopped after the outputs are finalised).
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = new Argument<string>("CONFIG") { Description = "Pipeline configuration (JSON; see the README)." };
        var frames = new Option<long?>("--frames") { Description = "Stop after N programme frames (default: run until Ctrl-C)." };
        var command = new Command("run", "Run the live pipeline of a configuration: cameras → tracking → programme outputs (NDI, file, stream).")
        {
            config, frames,
        };
        command.SetAction(parse => Run(parse.GetValue(config)!, parse.GetValue(frames)));
        return command;
    }

    private static int Run(string configPath, long? frames)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // stop between frames so every output is finalised
            Console.Error.WriteLine("b3d run: stopping...");
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        // SIGTERM (systemd, containers) stops the run like Ctrl-C, so the outputs are finalised and the report printed.
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            Console.Error.WriteLine("b3d run: stopping (SIGTERM)...");
            cancel.Cancel();
        });
        try
        {
            PipelineConfig pipeline = PipelineConfigLoader.Load(configPath);
            Console.Out.WriteLine($"b3d run: {pipeline.Cameras.Count} cameras at {pipeline.FrameRate}, programme {pipeline.Program.Camera} " +
                                  $"{pipeline.Program.Width}×{pipeline.Program.Height}, delay line {(pipeline.AutoDelay ? $"auto (at most {pipeline.MaxDelayFrames} frames)" : $"{pipeline.DelayFrames} frames")}, " +
                                  $"{pipeline.Outputs.Count} output(s); Ctrl-C stops.");
            // Retention runs beside the pipeline on its own timer: a sweep now, then hourly (issue #21).
            using RetentionWorker? retention = RetentionWorker.Start(RetentionPlan.For(pipeline));
            LivePrivacy privacy = LivePrivacy.From(pipeline.Privacy);
            LiveControl? control = pipeline.Control is null ? null : new LiveControl { Privacy = privacy };
            ControlServer? server = null;
            if (pipeline.Control is { } controlConfig)
                server = ControlServer.StartAsync(controlConfig, ControlToken.Resolve(controlConfig), control!, cancellation: cancel.Token).GetAwaiter().GetResult();
            LiveRunReport report;
            try
            {
                report = new LivePipeline(pipeline) { Control = control, Privacy = privacy }.Run(frames, cancel.Token);
            }
            finally
            {
                server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            foreach (string line in report.Lines)
                Console.Out.WriteLine(line);
            if (report.NoCameraDelivered)
            {
                Log.Error("b3d run: no camera delivered a picture (see the camera lines above); check the sources in {Config:l}", configPath);
                return CliErrors.BadInput;
            }
            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
