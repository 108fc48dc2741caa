using Broadcast3D.TestSupport;

namespace Broadcast3D.Gpu.Tests;

/// <summary>
/// <c>#include "NAME"</c> in shaders/ (resolved by <see cref="ShaderSource.Load(string, IReadOnlyDictionary{string, string}?)"/>):
/// the shared camera code reaches the three 3D vertex shaders, errors name the file and line they are in, and a
/// missing or malformed include says which file and line asked for it.
/// </summary>
public sealed class ShaderIncludeTests : GpuTestBase
{
    private const string Main = "#version 450 core\nlayout(local_size_x = 1) in;\n#include \"helper.glsl\"\nlayout(std430, binding = 0) buffer B { float v[]; };\nvoid main() { v[0] = helper(); float y = undefinedInMain; }\n";
    private const string Helper = "// a helper\nfloat helper()\n{\n    return undefinedInHelper;\n}\n";
    private const string GoodHelper = "// a helper\nfloat helper()\n{\n    return 2.0;\n}\n";

    [TestCase("scene3d.vert")]
    [TestCase("ground.vert")]
    [TestCase("mesh.vert")]
    public void Load_3DVertexShaders_IncludeTheOneCameraProjection(string file)
    {
        ShaderSource source = ShaderSource.Load(file);
        Assert.Multiple(() =>
        {
            Assert.That(source.Includes, Is.EqualTo(new[] { "camera.glsl" }));
            Assert.That(CountOf(source.Text, "vec4 projectToClip(vec3 world)"), Is.EqualTo(1), "one definition, from camera.glsl");
            Assert.That(source.Text, Does.Not.Contain("#include"));
        });
        using GpuProgram program = Device.CreateProgram([source, ShaderSource.Load(file == "mesh.vert" ? "mesh.frag" : file == "ground.vert" ? "ground.frag" : "scene3d.frag")]);
        Assert.That(program.IsCompute, Is.False);
    }

    [Test]
    public void CreateProgram_ErrorInIncludedFile_ReportsThatFileAndLine()
    {
        ShaderSource source = ShaderSource.Load("main.comp", null, name => name switch { "main.comp" => Main, "helper.glsl" => Helper, _ => null });
        var ex = Assert.Throws<ShaderCompilationException>(() => Device.CreateProgram([source]));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.FileName, Is.EqualTo("helper.glsl"), ex.Message);
            Assert.That(ex.Line, Is.EqualTo(4));
            Assert.That(ex.Message, Does.Contain("undefinedInHelper"));
        });
    }

    [Test]
    public void CreateProgram_ErrorAfterTheInclude_ReportsMainFileLine()
    {
        var defines = new Dictionary<string, string> { ["A"] = "1" };
        ShaderSource source = ShaderSource.Load("main.comp", defines, name => name switch { "main.comp" => Main, "helper.glsl" => GoodHelper, _ => null });
        var ex = Assert.Throws<ShaderCompilationException>(() => Device.CreateProgram([source]));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.FileName, Is.EqualTo("main.comp"));
            Assert.That(ex.Line, Is.EqualTo(5));
            Assert.That(ex.Message, Does.Contain("undefinedInMain"));
        });
    }

    [Test]
    public void Load_MissingInclude_ThrowsNamingIncluderLineAndFile()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => ShaderSource.Load("main.comp", null, name => name == "main.comp" ? Main : null));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.StartWith("main.comp:3: shader 'helper.glsl' is not embedded"));
            Assert.That(ex.Message, Does.Contain("camera.glsl"), "lists what shaders/ holds");
            Assert.That(ex.FileName, Is.EqualTo("helper.glsl"));
        });
    }

    [Test]
    public void Load_MalformedInclude_ThrowsNamingLine()
    {
        const string bad = "#version 450 core\n#include <helper.glsl>\n";
        var ex = Assert.Throws<FormatException>(() => ShaderSource.Load("bad.comp", null, name => name == "bad.comp" ? bad : null));
        Assert.That(ex!.Message, Does.StartWith("bad.comp:2: write an include as #include \"NAME\""));
    }

    [Test]
    public void Load_SameFileIncludedTwice_ExpandedOnce()
    {
        const string twice = "#version 450 core\n#include \"helper.glsl\"\n#include \"helper.glsl\"\n";
        ShaderSource source = ShaderSource.Load("twice.comp", null, name => name switch { "twice.comp" => twice, "helper.glsl" => GoodHelper, _ => null });
        Assert.Multiple(() =>
        {
            Assert.That(CountOf(source.Text, "float helper()"), Is.EqualTo(1));
            Assert.That(source.Includes, Is.EqualTo(new[] { "helper.glsl" }));
        });
    }

    private static int CountOf(string text, string what)
    {
        int count = 0;
        for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
