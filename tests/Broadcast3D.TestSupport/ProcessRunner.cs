using System.Diagnostics;

namespace Broadcast3D.TestSupport;

/// <summary>Runs an external tool (the ffmpeg CLI as an independent reference, the b3d CLI) and captures output.</summary>
public static class ProcessRunner
{
    /// <summary>Result of a finished process.</summary>
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/>; fails the test after <paramref name="timeout"/>.</summary>
    public static Result Run(string file, IEnumerable<string> args, TimeSpan? timeout = null, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        if (environment != null)
        {
            foreach (var kv in environment)
                psi.Environment[kv.Key] = kv.Value;
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }
        p.WaitForExit();
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs the ffmpeg CLI; fails the test with its stderr when it exits non-zero.</summary>
    public static string Ffmpeg(params string[] args)
    {
        Result r = Run("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", .. args]);
        if (r.ExitCode != 0)
            Assert.Fail($"ffmpeg {string.Join(' ', args)} failed ({r.ExitCode}): {r.StdErr}");
        return r.StdOut;
    }
}
