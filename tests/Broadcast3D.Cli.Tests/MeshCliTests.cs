using System.Globalization;
using System.Text.Json;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Cli.Tests;

/// <summary><c>b3d mesh</c> on the Pose2Sim demo (issue #18): the real command, a short frame range.</summary>
public class MeshCliTests
{
    private static ProcessRunner.Result B3d(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args], TimeSpan.FromMinutes(5));

    [Test]
    public void Mesh_BalancingTrialWithAnUncalibratedFifthVideo_WritesColouredMeshesAndFigures()
    {
        using var tmp = new TempFolder("b3d-mesh-cli");
        // The trial's four videos plus a fifth camera the calibration does not know.
        string trial = Directory.CreateDirectory(tmp.File("trial")).FullName;
        for (int c = 1; c <= 4; c++)
            File.CreateSymbolicLink(Path.Combine(trial, $"cam{c:00}.mp4"), Path.Combine(SharedAssets.BalancingTrial, "videos", $"cam{c:00}.mp4"));
        File.CreateSymbolicLink(Path.Combine(trial, "cam05.mp4"), Path.Combine(SharedAssets.BalancingTrial, "videos", "cam01.mp4"));
        string output = tmp.File("out");

        // 2 cm voxels keep CI short (an eighth of the 1 cm default's voxels); docs/mesh.md has the 1 cm figures.
        ProcessRunner.Result r = B3d("mesh", trial, "--calib", SharedAssets.CalibrationToml, "--out", output, "--start", "10", "--frames", "2", "--voxel", "0.02", "--compare-frames", "1");
        TestContext.Out.WriteLine(r.StdOut);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);

        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "mesh.json")));
        JsonElement root = report.RootElement;
        JsonElement frames = root.GetProperty("frames");
        Assert.Multiple(() =>
        {
            Assert.That(frames.GetProperty("processed").GetInt32(), Is.EqualTo(2));
            Assert.That(frames.GetProperty("meshed").GetInt32(), Is.EqualTo(2), root.GetRawText());
            Assert.That(root.GetProperty("camerasWithoutCalibration").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "cam05.mp4" }));
            Assert.That(root.GetProperty("timing").GetProperty("identicalOccupancy").GetBoolean(), Is.True, "ILGPU CPU kernel vs C# reference");
            Assert.That(root.GetProperty("timing").GetProperty("comparedMeshes").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("timing").GetProperty("referenceCarveMs").GetDouble(), Is.GreaterThan(0));
            foreach (JsonElement camera in root.GetProperty("cameras").EnumerateArray())
            {
                string name = camera.GetProperty("name").GetString()!;
                Assert.That(camera.GetProperty("framesCarved").GetInt32(), Is.EqualTo(2), name);
                // Measured 0.56–0.72 silhouette and 0.53–0.63 leave-one-out at 2 cm with one miss allowed (docs/mesh.md): a
                // mesh that missed the athlete or a misplaced mask gives about 0.
                Assert.That(camera.GetProperty("silhouetteIoU").GetDouble(), Is.GreaterThan(0.45), $"{name}: silhouette IoU");
                Assert.That(camera.GetProperty("leaveOneOutIoU").GetDouble(), Is.GreaterThan(0.4), $"{name}: leave-one-out IoU");
            }
        });

        JsonElement first = root.GetProperty("meshes")[0];
        string[] obj = File.ReadAllLines(Path.Combine(output, first.GetProperty("obj").GetString()!));
        string[][] vertices = [.. obj.Where(l => l.StartsWith("v ", StringComparison.Ordinal)).Select(l => l.Split(' '))];
        string[][] faces = [.. obj.Where(l => l.StartsWith("f ", StringComparison.Ordinal)).Select(l => l.Split(' '))];
        Assert.That(vertices, Has.Length.EqualTo(first.GetProperty("vertices").GetInt32()));
        Assert.That(faces, Has.Length.EqualTo(first.GetProperty("triangles").GetInt32()).And.Length.LessThanOrEqualTo(20000));
        Assert.That(vertices.All(v => v.Length == 7), "x y z r g b per vertex");
        Assert.That(faces.SelectMany(f => f.Skip(1)).Select(int.Parse).All(i => i >= 1 && i <= vertices.Length), "1-based face indices in range");
        // The athlete stands on the floor (Z up): the mesh spans roughly a body's height.
        double[] z = [.. vertices.Select(v => double.Parse(v[3], CultureInfo.InvariantCulture))];
        Assert.That(z.Max() - z.Min(), Is.InRange(1.2, 2.2), "mesh height, m");
        // Colours come from the pictures: not all one value.
        Assert.That(vertices.Select(v => v[4]).Distinct().Count(), Is.GreaterThan(10), "distinct red values");

        var gltf = SharpGLTF.Schema2.ModelRoot.Load(Path.Combine(output, first.GetProperty("gltf").GetString()!));
        SharpGLTF.Schema2.MeshPrimitive primitive = gltf.LogicalMeshes[0].Primitives[0];
        Assert.That(primitive.GetVertexAccessor("POSITION").Count, Is.EqualTo(vertices.Length));
        Assert.That(primitive.GetVertexAccessor("COLOR_0"), Is.Not.Null);
        Assert.That(primitive.GetIndexAccessor().Count, Is.EqualTo(3 * faces.Length));
    }

    [Test]
    public void Mesh_Recording_MeshesTheRecordedPicturesWithTheRecordedCalibrations()
    {
        using var tmp = new TempFolder("b3d-mesh-recording");
        string recording = Directory.CreateDirectory(tmp.File("recording")).FullName;
        Engine.Tests.TrialRecording.Record(recording, 40);
        string output = tmp.File("out");
        ProcessRunner.Result r = B3d("mesh", recording, "--out", output, "--start", "30", "--frames", "2", "--voxel", "0.03", "--misses", "0");
        TestContext.Out.WriteLine(r.StdOut);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);

        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "mesh.json")));
        JsonElement root = report.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("frames").GetProperty("meshed").GetInt32(), Is.EqualTo(2), root.GetRawText());
            // cam05 was recorded without a calibration: named, not used.
            Assert.That(root.GetProperty("camerasWithoutCalibration").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "cam05" }));
            Assert.That(root.GetProperty("cameras").GetArrayLength(), Is.EqualTo(4));
            foreach (JsonElement camera in root.GetProperty("cameras").EnumerateArray())
            {
                string name = camera.GetProperty("name").GetString()!;
                Assert.That(camera.GetProperty("framesCarved").GetInt32(), Is.EqualTo(2), name);
                // The trial's own figures at 2 cm without a miss are 0.85–0.92 (docs/mesh.md): the same pictures and masks.
                Assert.That(camera.GetProperty("silhouetteIoU").GetDouble(), Is.GreaterThan(0.6), $"{name}: silhouette IoU");
                Assert.That(camera.GetProperty("leaveOneOutIoU").GetDouble(), Is.GreaterThan(0.4), $"{name}: leave-one-out IoU");
            }
        });
        // The meshes carry the recorded person's id and stand where the recorded 3D is.
        JsonElement first = root.GetProperty("meshes")[0];
        Assert.That(first.GetProperty("person").GetInt32(), Is.EqualTo(Engine.Tests.AthleteRecording.PersonId));
        string[][] vertices = [.. File.ReadAllLines(Path.Combine(output, first.GetProperty("obj").GetString()!))
            .Where(l => l.StartsWith("v ", StringComparison.Ordinal)).Select(l => l.Split(' '))];
        double[] z = [.. vertices.Select(v => double.Parse(v[3], CultureInfo.InvariantCulture))];
        Assert.That(z.Max() - z.Min(), Is.InRange(1.2, 2.2), "mesh height, m");

        r = B3d("mesh", recording, "--calib", SharedAssets.CalibrationToml, "--out", tmp.File("o2"));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.StdErr, Does.Contain("is a recording, which carries the calibration of each camera"));
    }

    [Test]
    public void Mesh_BadInput_ExitsOneNamingTheProblem()
    {
        using var tmp = new TempFolder("b3d-mesh-bad");
        string empty = Directory.CreateDirectory(tmp.File("empty")).FullName;
        ProcessRunner.Result r = B3d("mesh", empty, "--calib", SharedAssets.CalibrationToml, "--out", tmp.File("o1"));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.StdErr + r.StdOut, Does.Contain(empty).And.Contain("no camera video"));

        r = B3d("mesh", SharedAssets.BalancingTrial, "--calib", tmp.File("missing.toml"), "--out", tmp.File("o2"));
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.MissingAsset));
        Assert.That(r.StdErr + r.StdOut, Does.Contain("missing.toml"));

        r = B3d("mesh", SharedAssets.BalancingTrial, "--out", tmp.File("o3"), "--voxel", "0");
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.StdErr + r.StdOut, Does.Contain("--voxel"));

        r = B3d("mesh", SharedAssets.BalancingTrial, "--out", tmp.File("o4"), "--pose", "movenet-thunder", "--frames", "1");
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.StdErr + r.StdOut, Does.Contain("--pose movenet-thunder").And.Contain("BlazePose"));
    }
}
