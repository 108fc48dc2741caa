using System.CommandLine;
using System.Globalization;
using Broadcast3D.Tracking.Biomechanics;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// Checks of option values shared by the commands, made before any work so a bad value costs nothing; each throws
/// <see cref="UsageException"/> naming the option.
/// </summary>
internal static class CliChecks
{
    /// <summary>
    /// An inference thread count: 0 (one per core) up to the machine's core count. More threads than cores only
    /// contend, and ONNX Runtime allocates a pool per thread: 100,000 would exhaust memory before the first frame.
    /// </summary>
    public static void Threads(int threads, string option = "--threads")
    {
        int cores = Environment.ProcessorCount;
        if (threads < 0 || threads > cores)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{option} {threads}: give 0 (one per core) up to {cores}, this machine's core count"));
    }

    /// <summary>
    /// <c>--mass KG</c> of <c>analyze</c> and <c>report</c>: the athlete's body mass, which scales de Leva's segment
    /// masses (the default is the mean adult of that table).
    /// </summary>
    public static Option<double> MassOption() => new("--mass")
    {
        Description = "Body mass in kg (segment masses, de Leva 1996).",
        DefaultValueFactory = _ => TrialAnalysis.DefaultMassKg,
    };

    /// <summary>A body mass in kg above 0 and at most 500 (no athlete weighs more; a typo in grams would).</summary>
    public static void MassKg(double mass, string option = "--mass")
    {
        if (!(mass > 0) || mass > 500)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{option} {mass}: give the athlete's mass in kg, above 0 and at most 500"));
    }

    /// <summary>A file to write: not a folder, in a folder that exists or can be created (created here).</summary>
    public static string OutputFile(string path, string option = "--out")
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new UsageException($"{option} {path}: is a folder; give the file to write");
        CreateFolder(Path.GetDirectoryName(full)!, option, path);
        return full;
    }

    /// <summary>
    /// A folder to write into: not a file; created (with its parents) when missing, or with
    /// <paramref name="create"/> false only checked (the nearest existing folder above it must take files), so a
    /// command that checks other inputs later writes nothing before they pass.
    /// </summary>
    public static string OutputFolder(string path, string option = "--out", bool create = true)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full))
            throw new UsageException($"{option} {path}: is a file; give a folder to write into");
        if (create)
        {
            CreateFolder(full, option, path);
            return full;
        }
        string? existing = full;
        while (existing is not null && !Directory.Exists(existing))
        {
            if (File.Exists(existing))
                throw new UsageException($"{option} {path}: {existing} is a file, so the folder cannot be created");
            existing = Path.GetDirectoryName(existing);
        }
        CreateFolder(existing ?? "/", option, path);
        return full;
    }

    /// <summary>An exception's message for one line: without the "(Parameter 'x')" suffix argument exceptions add.</summary>
    public static string Message(Exception ex)
    {
        string message = ex.Message;
        if (ex is ArgumentException { ParamName: { } name })
            message = message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
        return message;
    }

    private static void CreateFolder(string folder, string option, string given)
    {
        try
        {
            Directory.CreateDirectory(folder);
            // A folder that exists but cannot take files (/proc, a read-only mount) fails now, not after the work.
            string probe = Path.Combine(folder, $".b3d-write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {given}: cannot write in {folder}: {ex.Message}");
        }
    }
}
