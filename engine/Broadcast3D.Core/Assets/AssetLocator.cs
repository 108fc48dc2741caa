namespace Broadcast3D.Core.Assets;

/// <summary>
/// Finds the repository, the shared assets (models and data) and files inside them.
/// Shared root: <c>B3D_SHARED</c> if set, else <c>../shared</c> beside the repository root.
/// Models: <c>B3D_MODELS</c> if set, else <c>&lt;shared&gt;/models</c>. Thread-safe (read-only after start-up).
/// </summary>
public static class AssetLocator
{
    /// <summary>Marker file that identifies the repository root.</summary>
    public const string SolutionFileName = "Broadcast3D.sln";

    private static readonly Lazy<string?> s_repositoryRoot = new(FindRepositoryRoot);

    /// <summary>The repository root, or null when the program runs outside a checkout (installed elsewhere).</summary>
    public static string? RepositoryRoot => s_repositoryRoot.Value;

    /// <summary>The shared assets folder (it may not exist: see <see cref="RequireFile"/>).</summary>
    public static string SharedRoot
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("B3D_SHARED");
            if (!string.IsNullOrEmpty(env))
                return Path.GetFullPath(env);
            string baseDir = RepositoryRoot ?? Directory.GetCurrentDirectory();
            return Path.GetFullPath(Path.Combine(baseDir, "..", "shared"));
        }
    }

    /// <summary>Where ONNX models are looked up.</summary>
    public static string ModelsRoot
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("B3D_MODELS");
            return !string.IsNullOrEmpty(env) ? Path.GetFullPath(env) : Path.Combine(SharedRoot, "models");
        }
    }

    /// <summary>Where the reference data sets are looked up.</summary>
    public static string DataRoot => Path.Combine(SharedRoot, "data");

    /// <summary>Path of a model file relative to <see cref="ModelsRoot"/>; throws when it is missing.</summary>
    public static string RequireModel(string relativePath) =>
        Require(Path.Combine(ModelsRoot, relativePath), "model", "set B3D_MODELS to the folder holding the models, or place them in <shared>/models");

    /// <summary>Path of a data file or folder relative to <see cref="DataRoot"/>; throws when it is missing.</summary>
    public static string RequireData(string relativePath) =>
        Require(Path.Combine(DataRoot, relativePath), "data", "set B3D_SHARED to the shared folder that holds data/ and models/");

    /// <summary>A file or folder anywhere; throws <see cref="AssetNotFoundException"/> naming it and what to do.</summary>
    public static string RequireFile(string path, string what, string remedy) => Require(Path.GetFullPath(path), what, remedy);

    private static string Require(string path, string what, string remedy)
    {
        if (File.Exists(path) || Directory.Exists(path))
            return path;
        throw new AssetNotFoundException(path, $"required {what} not found: {path} ({remedy})");
    }

    private static string? FindRepositoryRoot()
    {
        string? env = Environment.GetEnvironmentVariable("B3D_ROOT");
        if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, SolutionFileName)))
            return Path.GetFullPath(env);
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? dir = new(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
                    return dir.FullName;
            }
        }
        return null;
    }
}
