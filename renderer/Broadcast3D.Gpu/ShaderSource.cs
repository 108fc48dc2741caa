using System.Globalization;
using System.Reflection;
using System.Text;

namespace Broadcast3D.Gpu;

/// <summary>
/// GLSL text of one shader file and the name errors are reported under. Files of <c>shaders/</c> are embedded in
/// this assembly under their path relative to that folder. Each file starts with <c>#version 450 core</c>;
/// <see cref="Load(string, IReadOnlyDictionary{string, string}?)"/> may insert <c>#define</c> lines after it followed by a <c>#line</c> directive, so driver line
/// numbers still match the file.
/// <para>GLSL has no includes, so <see cref="Load(string, IReadOnlyDictionary{string, string}?)"/> resolves a line <c>#include "NAME"</c> itself: the embedded file
/// NAME (relative to <c>shaders/</c>, e.g. the camera projection <c>camera.glsl</c> the 3D passes share) replaces the
/// line, framed by <c>#line</c> directives that number its lines from k × <see cref="IncludeLineBase"/> + 1 (k: its
/// position in <see cref="Includes"/>, 1-based) and then return to the including file's numbering, so a driver error
/// names the right file and line (<see cref="Locate"/>, <see cref="ShaderCompilationException"/>). Line numbers carry
/// the file because drivers do not all keep <c>#line</c>'s source-string number (Mesa reports some errors under 0). A
/// file already included is skipped (no guards needed, no cycles).</para>
/// </summary>
/// <param name="FileName">Name relative to <c>shaders/</c> (e.g. "selftest.comp").</param>
/// <param name="Stage">Pipeline stage.</param>
/// <param name="Text">The GLSL source.</param>
public sealed record ShaderSource(string FileName, ShaderStage Stage, string Text)
{
    /// <summary>Lines of the k-th included file are numbered from k × this + 1 in the text the driver compiles.</summary>
    public const int IncludeLineBase = 100_000;

    /// <summary>Files included by <c>#include</c>, in order: entry k − 1 is numbered from k × <see cref="IncludeLineBase"/> + 1.</summary>
    public IReadOnlyList<string> Includes { get; init; } = [];

    /// <summary>The file and line a driver's line number of this source stands for (0: unknown, kept as 0).</summary>
    public (string File, int Line) Locate(int driverLine)
    {
        int k = driverLine / IncludeLineBase;
        return k > 0 && k <= Includes.Count ? (Includes[k - 1], driverLine % IncludeLineBase) : (FileName, driverLine);
    }

    /// <summary>
    /// Loads an embedded shader, resolving its <c>#include</c> lines; <paramref name="defines"/> become
    /// <c>#define NAME VALUE</c> lines.
    /// </summary>
    /// <exception cref="FileNotFoundException">The shader, or a file it includes, is not embedded (the message names the including file and line).</exception>
    /// <exception cref="FormatException">An <c>#include</c> line is not of the form <c>#include "NAME"</c>.</exception>
    public static ShaderSource Load(string fileName, IReadOnlyDictionary<string, string>? defines = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        return Load(fileName, defines, ReadEmbedded);
    }

    /// <summary><see cref="Load(string, IReadOnlyDictionary{string, string}?)"/> from files that <paramref name="read"/> gives (null: no such file).</summary>
    internal static ShaderSource Load(string fileName, IReadOnlyDictionary<string, string>? defines, Func<string, string?> read)
    {
        var includes = new List<string>();
        string text = read(fileName) ?? throw NotFound(fileName, null);
        text = Expand(fileName, text, 0, includes, read);
        return FromText(fileName, text, defines) with { Includes = includes };
    }

    private static string? ReadEmbedded(string fileName)
    {
        using Stream? stream = typeof(ShaderSource).Assembly.GetManifestResourceStream(fileName);
        if (stream == null)
            return null;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static FileNotFoundException NotFound(string fileName, string? includedFrom) => new(
        $"{(includedFrom == null ? "" : includedFrom + ": ")}shader '{fileName}' is not embedded; add it to shaders/ (which holds: {string.Join(", ", typeof(ShaderSource).Assembly.GetManifestResourceNames().Order())})",
        fileName);

    // Replaces each #include line of text (the `number`-th include, 0 for the shader itself) by the included file, recursively.
    private static string Expand(string fileName, string text, int number, List<string> includes, Func<string, string?> read)
    {
        if (!text.Contains("#include", StringComparison.Ordinal))
            return text;
        string[] lines = text.Split('\n');
        var sb = new StringBuilder(text.Length + 1024);
        for (int i = 0; i < lines.Length; i++)
        {
            string trimmed = lines[i].Trim();
            if (!trimmed.StartsWith("#include", StringComparison.Ordinal))
            {
                sb.Append(lines[i]);
                if (i + 1 < lines.Length)
                    sb.Append('\n');
                continue;
            }
            string argument = trimmed["#include".Length..].Trim();
            if (argument.Length < 3 || argument[0] != '"' || argument[^1] != '"')
                throw new FormatException($"{fileName}:{i + 1}: write an include as #include \"NAME\" (a file of shaders/), not '{trimmed}'");
            string name = argument[1..^1];
            if (name != fileName && !includes.Contains(name))
            {
                string included = read(name) ?? throw NotFound(name, $"{fileName}:{i + 1}");
                includes.Add(name);
                int includedNumber = includes.Count;
                sb.Append(CultureInfo.InvariantCulture, $"#line {(includedNumber * IncludeLineBase) + 1}\n");
                sb.Append(Expand(name, included, includedNumber, includes, read).TrimEnd('\n')).Append('\n');
            }
            // Back to this file: the next line is line i + 2.
            sb.Append(CultureInfo.InvariantCulture, $"#line {(number * IncludeLineBase) + i + 2}\n");
        }
        return sb.ToString();
    }

    /// <summary>A shader from text (the stage comes from the extension of <paramref name="fileName"/>).</summary>
    public static ShaderSource FromText(string fileName, string text, IReadOnlyDictionary<string, string>? defines = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ShaderStage stage = Path.GetExtension(fileName) switch
        {
            ".vert" => ShaderStage.Vertex,
            ".frag" => ShaderStage.Fragment,
            ".comp" => ShaderStage.Compute,
            string other => throw new ArgumentException($"{fileName}: unknown shader extension '{other}' (use .vert, .frag or .comp)", nameof(fileName)),
        };
        if (defines == null || defines.Count == 0)
            return new ShaderSource(fileName, stage, text);
        int versionEnd = text.IndexOf('\n', StringComparison.Ordinal);
        if (!text.StartsWith("#version", StringComparison.Ordinal) || versionEnd < 0)
            throw new ArgumentException($"{fileName}: the first line must be the #version directive", nameof(text));
        var sb = new StringBuilder(text.Length + 64 * defines.Count);
        sb.Append(text, 0, versionEnd + 1);
        foreach (KeyValuePair<string, string> d in defines)
            sb.Append("#define ").Append(d.Key).Append(' ').Append(d.Value).Append('\n');
        // Line 2 of the file follows, so the driver's line numbers stay those of the file.
        sb.Append("#line 2\n");
        sb.Append(text, versionEnd + 1, text.Length - versionEnd - 1);
        return new ShaderSource(fileName, stage, sb.ToString());
    }
}
