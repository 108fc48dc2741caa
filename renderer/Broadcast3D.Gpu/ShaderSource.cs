using System.Reflection;
using System.Text;

namespace Broadcast3D.Gpu;

/// <summary>
/// GLSL text of one shader file and the name errors are reported under. Files of <c>shaders/</c> are embedded in
/// this assembly under their path relative to that folder. Each file starts with <c>#version 450 core</c>;
/// <see cref="Load"/> may insert <c>#define</c> lines after it followed by a <c>#line</c> directive, so driver line
/// numbers still match the file.
/// </summary>
/// <param name="FileName">Name relative to <c>shaders/</c> (e.g. "selftest.comp").</param>
/// <param name="Stage">Pipeline stage.</param>
/// <param name="Text">The GLSL source.</param>
public sealed record ShaderSource(string FileName, ShaderStage Stage, string Text)
{
    /// <summary>Loads an embedded shader; <paramref name="defines"/> become <c>#define NAME VALUE</c> lines.</summary>
    public static ShaderSource Load(string fileName, IReadOnlyDictionary<string, string>? defines = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        Assembly assembly = typeof(ShaderSource).Assembly;
        using Stream stream = assembly.GetManifestResourceStream(fileName)
                              ?? throw new FileNotFoundException($"shader '{fileName}' is not embedded; shaders/ holds: {string.Join(", ", assembly.GetManifestResourceNames())}", fileName);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return FromText(fileName, reader.ReadToEnd(), defines);
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
