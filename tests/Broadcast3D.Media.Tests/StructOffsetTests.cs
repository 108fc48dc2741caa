using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Broadcast3D.Media.Interop;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Media.Tests;

/// <summary>
/// Compiles a C program with gcc against the installed FFmpeg headers that prints offsetof/sizeof of every field
/// our interop structs declare and the value of every constant we use, and compares them with the C# side.
/// </summary>
public class StructOffsetTests
{
    private static readonly string[] s_headers =
    [
        "libavformat/avformat.h", "libavcodec/avcodec.h", "libavutil/hwcontext.h", "libavutil/opt.h", "libswscale/swscale.h",
    ];

    [Test]
    public void InteropStructs_AgainstInstalledHeaders_HaveSameOffsetsAndSizes()
    {
        var expected = new List<(string Key, long Value)>();
        var probes = new List<(string Key, string Expression)>();
        foreach (Type t in InteropStructs())
        {
            foreach (FieldInfo f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                var offset = f.GetCustomAttribute<FieldOffsetAttribute>();
                Assert.That(offset, Is.Not.Null, $"{t.Name}.{f.Name} has no FieldOffset");
                string cField = SnakeCase(f.Name);
                expected.Add(($"{t.Name}.{cField}.offset", offset!.Value));
                expected.Add(($"{t.Name}.{cField}.size", FieldSize(f.FieldType)));
                probes.Add(($"{t.Name}.{cField}.offset", $"offsetof({t.Name}, {cField})"));
                probes.Add(($"{t.Name}.{cField}.size", $"sizeof((({t.Name}*)0)->{cField})"));
            }
        }
        Dictionary<string, long> actual = Probe(probes);
        Assert.Multiple(() =>
        {
            foreach ((string key, long value) in expected)
                Assert.That(actual[key], Is.EqualTo(value), key);
        });
        Assert.That(expected, Has.Count.GreaterThan(80), "every interop struct field was checked");
    }

    [Test]
    public void FFmpegConstants_AgainstInstalledHeaders_HaveSameValues()
    {
        var probes = new List<(string Key, string Expression)>();
        var expected = new List<(string Key, long Value)>();
        foreach (FieldInfo f in typeof(FFmpegConstants).GetFields(BindingFlags.Static | BindingFlags.Public))
        {
            long value = Convert.ToInt64(f.GetRawConstantValue(), CultureInfo.InvariantCulture);
            string expr = f.Name == "AVERROR_EAGAIN" ? "AVERROR(EAGAIN)" : f.Name;
            expected.Add((f.Name, value));
            probes.Add((f.Name, expr));
        }
        Dictionary<string, long> actual = Probe(probes);
        Assert.Multiple(() =>
        {
            foreach ((string key, long value) in expected)
                Assert.That(actual[key], Is.EqualTo(value), key);
        });
    }

    private static IEnumerable<Type> InteropStructs() =>
        typeof(FFmpegConstants).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(FFmpegConstants).Namespace && t.IsValueType && t.IsExplicitLayout && t.Name.StartsWith("AV", StringComparison.Ordinal))
            .OrderBy(t => t.Name, StringComparer.Ordinal);

    private static long FieldSize(Type type)
    {
        if (type.IsPointer || type.IsFunctionPointer || type.IsUnmanagedFunctionPointer || type == typeof(nint))
            return IntPtr.Size;
        if (type.Name.StartsWith("PlanePointers", StringComparison.Ordinal))
            return 8 * IntPtr.Size;
        return Marshal.SizeOf(type);
    }

    /// <summary>PascalCase C# field → FFmpeg's snake_case (TimeBase → time_base, MaxBFrames → max_b_frames).</summary>
    private static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
                sb.Append('_');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }

    private static Dictionary<string, long> Probe(IEnumerable<(string Key, string Expression)> probes)
    {
        ProcessRunner.Result cflags = ProcessRunner.Run("pkg-config", ["--cflags", "libavformat", "libavcodec", "libavutil", "libswscale"]);
        Assert.That(cflags.ExitCode, Is.Zero, $"pkg-config failed (install the FFmpeg -dev packages: scripts/setup.sh): {cflags.StdErr}");
        return CHeaderProbe.Evaluate(["#include <errno.h>", .. s_headers.Select(h => $"#include <{h}>")], probes,
            cflags.StdOut.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            "install the FFmpeg -dev packages: scripts/setup.sh");
    }
}
