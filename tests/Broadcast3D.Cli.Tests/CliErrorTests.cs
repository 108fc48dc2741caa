using System.CommandLine;
using Broadcast3D.Cli;
using Broadcast3D.Cli.Commands;
using Broadcast3D.Core.Assets;
using Broadcast3D.Gpu;
using Broadcast3D.Media;
using Broadcast3D.Ndi;
using Broadcast3D.Renderer.Text;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Accelerators;
using Broadcast3D.Tracking.Calibration;
using Broadcast3D.Tracking.Inference;
using Microsoft.ML.OnnxRuntime;

namespace Broadcast3D.Cli.Tests;

/// <summary>The CLI's one exception mapping (README "Exit codes"), through the real <c>b3d</c> process where it can be provoked.</summary>
public class CliErrorTests
{
    private static ProcessRunner.Result B3d(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args], TimeSpan.FromMinutes(2));

    [Test]
    public void LogFile_UnwritablePath_FailsWithOneLineNamingTheOption()
    {
        ProcessRunner.Result r = B3d("--log-file", "/proc/no-such-dir/b3d.log", "doctor");

        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput));
        string[] lines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), r.StdErr);
        Assert.That(lines[0], Does.Contain("ERR b3d doctor: --log-file /proc/no-such-dir/b3d.log: cannot write the log file"));
    }

    /// <summary>
    /// No real command throws an unexpected exception on purpose, so the central handler is driven in-process with a
    /// command whose action fails as a defect would; the terminal and the log file are the real Serilog sinks.
    /// </summary>
    [Test]
    [NonParallelizable] // swaps the process's Console.Error
    public void Invoke_UnexpectedException_OneLineOnTerminalAndStackTraceInLogFile()
    {
        using var tmp = new TempFolder();
        string log = tmp.File("b3d.log");
        var boom = new Command("boom", "Fails as a defect would.");
        boom.SetAction((Func<ParseResult, int>)Defect);
        var root = new RootCommand("in-process test of the central handler") { boom };
        TextWriter stderr = Console.Error;
        using var terminal = new StringWriter();
        int code;
        Console.SetError(terminal);
        try
        {
            code = Cli.Program.Invoke(root, ["boom", "--log-file", log]);
        }
        finally
        {
            Console.SetError(stderr);
        }

        Assert.That(code, Is.EqualTo(CliErrors.Internal), terminal.ToString());
        string[] lines = terminal.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), terminal.ToString());
        Assert.That(lines[0], Does.Contain("ERR b3d boom: unexpected error (InvalidOperationException: the frame ring is corrupt)")
            .And.Contain($"stack trace in {log}"));
        string file = File.ReadAllText(log);
        Assert.That(file, Does.Contain("[ERR]").And.Contain("System.InvalidOperationException: the frame ring is corrupt")
            .And.Contain($"   at {typeof(CliErrorTests).FullName}.{nameof(Defect)}"), "the stack trace is in the log file");
    }

    private static int Defect(ParseResult parse) => throw new InvalidOperationException("the frame ring is corrupt");

    [Test]
    public void LogLevel_UnknownValue_IsRefusedByTheParser()
    {
        ProcessRunner.Result r = B3d("--log-level", "chatty", "doctor");

        Assert.That(r.ExitCode, Is.Not.EqualTo(0));
        Assert.That(r.StdErr, Does.Contain("chatty"));
    }

    [Test]
    public void Doctor_RedirectedOutput_HasNoAnsiEscapes()
    {
        ProcessRunner.Result r = B3d("--log-level", "debug", "doctor");

        Assert.That(r.StdOut + r.StdErr, Does.Not.Contain("\u001b["));
        Assert.That(r.StdErr, Does.Contain("DBG [AVHWDeviceContext @").Or.Not.Contain("Cannot load libcuda"),
            "FFmpeg's hardware probe comes through the logger at debug, never raw");
        Assert.That(r.StdErr.Split('\n').Where(l => l.Contains("Cannot load lib", StringComparison.Ordinal)),
            Is.All.Contain(" DBG "));
    }

    [TestCase(typeof(CalibrationFormatException), CliErrors.BadInput)]
    [TestCase(typeof(Tracking.Formats.InputFormatException), CliErrors.BadInput)]
    [TestCase(typeof(Engine.Configuration.ConfigException), CliErrors.BadInput)]
    [TestCase(typeof(FileNotFoundException), CliErrors.BadInput)]
    [TestCase(typeof(UsageException), CliErrors.BadInput)]
    [TestCase(typeof(AssetNotFoundException), CliErrors.MissingAsset)]
    [TestCase(typeof(ModelMismatchException), CliErrors.MissingAsset)]
    [TestCase(typeof(GpuException), CliErrors.Unavailable)]
    [TestCase(typeof(NdiException), CliErrors.Unavailable)]
    [TestCase(typeof(FontException), CliErrors.Unavailable)]
    [TestCase(typeof(ExecutionProviderUnavailableException), CliErrors.Unavailable)]
    [TestCase(typeof(AcceleratorUnavailableException), CliErrors.Unavailable)]
    [TestCase(typeof(GpuUnavailableException), CliErrors.Unavailable)]
    [TestCase(typeof(NdiRuntimeNotInstalledException), CliErrors.Unavailable)]
    [TestCase(typeof(MediaException), CliErrors.Media)]
    [TestCase(typeof(OperationCanceledException), CliErrors.Cancelled)]
    [TestCase(typeof(NullReferenceException), CliErrors.Internal)]
    public void Classify_ProjectException_MapsToDocumentedExitCode(Type type, int expected)
    {
        Exception exception = type == typeof(AssetNotFoundException) ? new AssetNotFoundException("/models/x.onnx", "/models/x.onnx: broken")
            : type == typeof(AcceleratorUnavailableException) ? new AcceleratorUnavailableException("--accelerator", "--accelerator cuda: no CUDA device")
            : (Exception)Activator.CreateInstance(type, "cam02: broken")!;

        (int code, bool known) = CliErrors.Classify(exception);

        Assert.That(code, Is.EqualTo(expected));
        Assert.That(known, Is.EqualTo(expected != CliErrors.Internal));
        Assert.That(CliErrors.Line("run", exception), Does.StartWith("b3d run: ").And.Not.Contain("\n"));
    }

    [Test]
    public void Line_OnnxRuntimeErrorOnSeveralLines_IsOneLineNamingOnnxRuntime()
    {
        // A real ORT error: a session over bytes that are not a model.
        OnnxRuntimeException ex = Assert.Throws<OnnxRuntimeException>(() =>
        {
            using var session = new InferenceSession(new byte[] { 1, 2, 3 });
        })!;

        Assert.That(CliErrors.Classify(ex), Is.EqualTo((CliErrors.Unavailable, true)));
        Assert.That(CliErrors.Line("pose2d", ex), Does.StartWith("b3d pose2d: ONNX Runtime: ").And.Not.Contain("\n"));
    }
}
