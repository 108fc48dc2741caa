using System.Text.Json;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Cli.Tests;

/// <summary>Runs the real <c>b3d</c> CLI (copied beside the tests by the project reference) as a user would.</summary>
public class DoctorCliTests
{
    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "b3d.dll");

    private static ProcessRunner.Result B3d(params string[] args) =>
        ProcessRunner.Run("dotnet", [CliDll, .. args], TimeSpan.FromMinutes(2));

    [Test]
    public void Doctor_Json_ParsesAndNamesEveryArea()
    {
        ProcessRunner.Result r = B3d("doctor", "--json");
        using JsonDocument doc = JsonDocument.Parse(r.StdOut);
        JsonElement items = doc.RootElement.GetProperty("items");
        var areas = items.EnumerateArray().Select(i => i.GetProperty("category").GetString()).Distinct().ToList();
        Assert.That(areas, Is.SupersetOf(new[] { ".NET", "models", "data" }));
        foreach (JsonElement i in items.EnumerateArray())
        {
            Assert.That(i.GetProperty("name").GetString(), Is.Not.Empty);
            Assert.That(i.GetProperty("status").GetString(), Is.AnyOf("ok", "warning", "missing"));
            Assert.That(i.GetProperty("detail").GetString(), Is.Not.Empty);
        }
        bool ok = doc.RootElement.GetProperty("ok").GetBoolean();
        Assert.That(r.ExitCode, Is.EqualTo(ok ? 0 : 1), r.StdErr);
        Assert.That(ok, Is.True, $"doctor reports missing required items here:\n{r.StdOut}");
    }

    [Test]
    public void Doctor_Json_ListsIlgpuAcceleratorsWithCpuUsableAndReasonsForAbsentOnes()
    {
        ProcessRunner.Result r = B3d("doctor", "--json");
        using JsonDocument doc = JsonDocument.Parse(r.StdOut);
        var ilgpu = doc.RootElement.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("category").GetString() == "ILGPU")
            .ToDictionary(i => i.GetProperty("name").GetString()!, i => (Status: i.GetProperty("status").GetString(), Detail: i.GetProperty("detail").GetString()!));
        Assert.That(ilgpu.Keys, Is.SupersetOf(new[] { "library", "cuda", "opencl", "cpu", "reference", "cuda-float", "opencl-float", "cpu-float", "auto", "preprocess auto" }));
        Assert.That(ilgpu["library"].Detail, Does.StartWith("1.5.3"));
        Assert.That(ilgpu["cpu"].Status, Is.EqualTo("ok"));
        Assert.That(ilgpu["cpu-float"].Status, Is.EqualTo("ok"));
        Assert.That(ilgpu["reference"].Status, Is.EqualTo("ok"));
        foreach (string gpu in new[] { "cuda", "opencl", "cuda-float", "opencl-float" })
        {
            if (ilgpu[gpu].Status != "ok")
                Assert.That(ilgpu[gpu].Detail, Does.Contain("no "), $"{gpu} says why it is absent");
        }

        // auto crops with the kernel only on a GPU; without one it names the reference and says why.
        bool gpuFound = ilgpu["cuda"].Status == "ok" || ilgpu["opencl"].Status == "ok";
        Assert.That(ilgpu["preprocess auto"].Detail, gpuFound ? Does.StartWith("the ILGPU crop kernel on ") : Does.StartWith("reference (plain C# crops)").And.Contain("117x slower"));
    }

    [Test]
    public void Doctor_ModelsFolderMissing_ExitsNonZeroNamingTheModel()
    {
        ProcessRunner.Result r = ProcessRunner.Run("dotnet", [CliDll, "doctor", "--json"], TimeSpan.FromMinutes(2),
            environment: new Dictionary<string, string> { ["B3D_MODELS"] = "/nonexistent-b3d-models" });
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.StdOut, Does.Contain("/nonexistent-b3d-models/rtmdet-nano/end2end.onnx"));
    }

    [Test]
    public void Help_ListsCommandsWithDescriptions()
    {
        ProcessRunner.Result r = B3d("--help");
        Assert.That(r.ExitCode, Is.EqualTo(0));
        Assert.That(r.StdOut, Does.Contain("doctor").And.Contain("demo"));
    }

    [Test]
    public void Version_PrintsSemanticVersion()
    {
        ProcessRunner.Result r = B3d("--version");
        Assert.That(r.ExitCode, Is.EqualTo(0));
        Assert.That(r.StdOut.Trim(), Does.Match(@"^\d+\.\d+\.\d+"));
    }
}
