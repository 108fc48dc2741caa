using System.Globalization;
using System.Text;

namespace Broadcast3D.TestSupport;

/// <summary>
/// Evaluates C expressions (offsetof, sizeof, constants) against installed headers by compiling a tiny program
/// with gcc: the independent reference our interop struct declarations are checked against (ARCHITECTURE.md,
/// native interop). Fails the test with the compiler's message and <c>remedy</c> when the headers are missing.
/// </summary>
public static class CHeaderProbe
{
    /// <summary>
    /// Compiles a program that includes <paramref name="includeLines"/> (complete <c>#include</c> lines) and
    /// prints every expression as an integer; returns key → value.
    /// </summary>
    /// <param name="includeLines">e.g. <c>#include &lt;libavcodec/avcodec.h&gt;</c>.</param>
    /// <param name="expressions">Keys (no spaces) and the C integer expressions to evaluate.</param>
    /// <param name="compilerArgs">Extra gcc arguments (include folders, pkg-config cflags).</param>
    /// <param name="remedy">What to install when compiling fails.</param>
    public static Dictionary<string, long> Evaluate(IEnumerable<string> includeLines,
        IEnumerable<(string Key, string Expression)> expressions, IEnumerable<string> compilerArgs, string remedy)
    {
        using var temp = new TempFolder("b3d-cprobe");
        var program = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n");
        foreach (string line in includeLines)
            program.AppendLine(line);
        program.AppendLine("int main(void) {");
        foreach ((string key, string expression) in expressions)
            program.AppendLine(CultureInfo.InvariantCulture, $"  printf(\"{key} %lld\\n\", (long long)({expression}));");
        program.AppendLine("  return 0;\n}");
        File.WriteAllText(temp.File("probe.c"), program.ToString());

        ProcessRunner.Result compile = ProcessRunner.Run("gcc",
            ["-std=gnu11", "-Wno-deprecated-declarations", temp.File("probe.c"), "-o", temp.File("probe"), .. compilerArgs], TimeSpan.FromSeconds(60));
        Assert.That(compile.ExitCode, Is.Zero, $"gcc failed ({remedy}): {compile.StdErr}");
        ProcessRunner.Result run = ProcessRunner.Run(temp.File("probe"), [], TimeSpan.FromSeconds(10));
        Assert.That(run.ExitCode, Is.Zero, run.StdErr);

        var values = new Dictionary<string, long>();
        foreach (string line in run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int space = line.LastIndexOf(' ');
            values[line[..space]] = long.Parse(line.AsSpan(space + 1), CultureInfo.InvariantCulture);
        }
        return values;
    }
}
