using System.Globalization;
using System.Xml.Linq;
using Broadcast3D.Cli;
using Broadcast3D.Core.Cameras;
using Broadcast3D.TestSupport;
using Broadcast3D.Tracking.Calibration;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// Issue #13's hostile probe through the real <c>b3d</c> process: every bad input gets one line on stderr naming the
/// option, field or file and what to do, a non-zero exit, and no stack trace.
/// </summary>
public class CliBadInputTests
{
    private static ProcessRunner.Result B3d(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args], TimeSpan.FromMinutes(2));

    /// <summary>Asserts a refusal: the exit code, the command's prefix and <paramref name="says"/> on stderr, no stack trace.</summary>
    private static void AssertRefused(ProcessRunner.Result r, int exitCode, string command, params string[] says)
    {
        Assert.That(r.ExitCode, Is.EqualTo(exitCode), $"stdout:\n{r.StdOut}\nstderr:\n{r.StdErr}");
        // The central handler's line comes through the logger ("HH:mm:ss.fff ERR b3d COMMAND: ..."); FFmpeg's own
        // log lines may precede it.
        Assert.That(r.StdErr.Split('\n').Where(l => l.Contains($" ERR b3d {command}: ", StringComparison.Ordinal)), Has.Exactly(1).Items, r.StdErr);
        foreach (string s in says)
            Assert.That(r.StdErr, Does.Contain(s));
        Assert.That(r.StdErr, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(r.StdErr, Does.Not.Contain("(Parameter '"), "no argument-exception suffix");
    }

    private static string Qca => SharedAssets.Data("pose2sim-demo/S00_Calibration/Calib.qca.txt");

    private static string PoseAssociated => Path.Combine(SharedAssets.BalancingTrial, "pose-associated");

    /// <summary>A calibration of <paramref name="count"/> copies of the Balancing trial's first camera.</summary>
    private static string ManyCameras(TempFolder tmp, int count)
    {
        Camera first = CalibrationToml.Read(SharedAssets.CalibrationToml).Cameras[0];
        string path = tmp.File($"{count}-cameras.toml");
        CalibrationToml.Write(new CameraRig([.. Enumerable.Range(1, count).Select(i =>
            new Camera($"cam_{i:00}", first.ImageWidth, first.ImageHeight, first.Intrinsics, first.Distortion, first.RotationVector, first.TranslationMetres))]), path);
        return path;
    }

    private static string EditedQca(TempFolder tmp, Action<XElement[]> edit)
    {
        XDocument doc = XDocument.Load(Qca);
        edit([.. doc.Root!.Element("cameras")!.Elements("camera")]);
        string path = tmp.File("edited.qca.txt");
        doc.Save(path);
        return path;
    }

    [TestCase("0")]
    [TestCase("-5")]
    public void Demo_FramesBelowOne_RefusedNamingTheOption(string frames) =>
        AssertRefused(B3d("demo", "--frames", frames), CliErrors.BadInput, "demo", $"--frames {frames}: give a number of frame sets of 1 or more");

    [TestCase("--mesh-voxel", "0", "--mesh-voxel 0: give a voxel edge of 0.002–0.2 m (or --mesh none)")]
    [TestCase("--mesh-voxel", "0.5", "--mesh-voxel 0.5: give a voxel edge of 0.002–0.2 m (or --mesh none)")]
    [TestCase("--mesh-misses", "3", "--mesh-misses 3: give 0, 1 or 2 cameras")]
    public void Demo_MeshSettingOutOfRange_RefusedNamingTheOption(string option, string value, string says) =>
        AssertRefused(B3d("demo", option, value), CliErrors.BadInput, "demo", says);

    [Test]
    public void Demo_OutIsAFileOrUnwritable_RefusedNamingTheOption()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("README.md"), "a file");
        AssertRefused(B3d("demo", "--out", tmp.File("README.md")), CliErrors.BadInput, "demo", $"--out {tmp.File("README.md")}: is a file; give a folder");
        AssertRefused(B3d("demo", "--out", "/proc/x"), CliErrors.BadInput, "demo", "--out /proc/x: cannot write in /proc:");
    }

    [Test]
    public void CalibConvert_DuplicatedSerial_NamesIt()
    {
        using var tmp = new TempFolder();
        string qca = EditedQca(tmp, cams => cams[2].SetAttributeValue("serial", "cam_01"));
        AssertRefused(B3d("calib", "convert", "--from", "qualisys", qca, "--out", tmp.File("c.toml")), CliErrors.BadInput, "calib convert",
            "camera serial 'cam_01' appears twice");
        Assert.That(File.Exists(tmp.File("c.toml")), Is.False);
    }

    [Test]
    public void CalibConvert_TransformThatIsNotARotation_RefusedInsteadOfIdentity()
    {
        using var tmp = new TempFolder();
        string qca = EditedQca(tmp, cams => cams[1].Element("transform")!.SetAttributeValue("r11", "2.5"));
        AssertRefused(B3d("calib", "convert", "--from", "qualisys", qca, "--out", tmp.File("c.toml")), CliErrors.BadInput, "calib convert",
            "camera 'cam_02': <transform> r11..r33 is not a rotation");
        Assert.That(File.Exists(tmp.File("c.toml")), Is.False);
    }

    [Test]
    public void CalibConvert_ZeroSizedVideoArea_RefusedInsteadOfOneByOne()
    {
        using var tmp = new TempFolder();
        string qca = EditedQca(tmp, cams =>
        {
            foreach (string side in (string[])["left", "right", "top", "bottom"])
                cams[0].Element("fov_video")!.SetAttributeValue(side, "0");
        });
        AssertRefused(B3d("calib", "convert", "--from", "qualisys", qca, "--out", tmp.File("c.toml")), CliErrors.BadInput, "calib convert",
            "camera 'cam_01': <fov_video> left 0, right 0, top 0, bottom 0 spans no picture");
    }

    [Test]
    public void Triangulate_65Cameras_RefusedNamingTheLimit()
    {
        using var tmp = new TempFolder();
        AssertRefused(B3d("triangulate", "--calib", ManyCameras(tmp, 65), "--pose2d", PoseAssociated, "--out", tmp.File("x.trc")), CliErrors.BadInput, "triangulate",
            "65 cameras; triangulation takes at most 64");
    }

    [Test]
    public void Triangulate_ExhaustiveSearchFrom24Cameras_RefusedNamingBounded()
    {
        using var tmp = new TempFolder();
        AssertRefused(B3d("triangulate", "--calib", ManyCameras(tmp, 24), "--pose2d", PoseAssociated, "--search", "exhaustive", "--out", tmp.File("x.trc")),
            CliErrors.BadInput, "triangulate", "--search exhaustive with 24 cameras", "use --search bounded");
    }

    [Test]
    public void Triangulate_PersonNoFileHolds_RefusedSayingHowManyThereAre()
    {
        using var tmp = new TempFolder();
        AssertRefused(B3d("triangulate", "--calib", SharedAssets.CalibrationToml, "--pose2d", PoseAssociated, "--person", "99", "--out", tmp.File("x.trc")),
            CliErrors.BadInput, "triangulate", "person 99: the files hold at most 1 person, so the person index is 0 to 0");
        Assert.That(File.Exists(tmp.File("x.trc")), Is.False, "no TRC of empty rows");
    }

    [Test]
    public void Triangulate_Coordinate1e308_RefusedNamingFileAndKeypoint()
    {
        using var tmp = new TempFolder();
        string pose = tmp.File("pose");
        foreach (string folder in Directory.GetDirectories(PoseAssociated))
        {
            string copy = Path.Combine(pose, Path.GetFileName(folder));
            Directory.CreateDirectory(copy);
            foreach (string file in Directory.GetFiles(folder))
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        string damaged = Path.Combine(pose, "cam02_json", "cam02.0005.json");
        string text = File.ReadAllText(damaged);
        int open = text.IndexOf('[', text.IndexOf("pose_keypoints_2d", StringComparison.Ordinal));
        int comma = text.IndexOf(',', open);
        File.WriteAllText(damaged, string.Concat(text.AsSpan(0, open + 1), "1e308", text.AsSpan(comma)));

        AssertRefused(B3d("triangulate", "--calib", SharedAssets.CalibrationToml, "--pose2d", pose, "--out", tmp.File("x.trc")), CliErrors.BadInput, "triangulate",
            "cam02.0005.json", "pose_keypoints_2d[0..1] (keypoint 0) is (1E+308", "within ±1000000");
    }

    [Test]
    public void Pose2d_ThreadsBeyondTheCores_RefusedNamingTheBound()
    {
        using var tmp = new TempFolder();
        AssertRefused(B3d("pose2d", Path.Combine(SharedAssets.BalancingTrial, "videos", "cam01.mp4"), "--out", tmp.File("o"), "--threads", "100000"),
            CliErrors.BadInput, "pose2d", string.Create(CultureInfo.InvariantCulture, $"--threads 100000: give 0 (one per core) up to {Environment.ProcessorCount}"));
    }

    [Test]
    public void Pose2d_UnreachableUrl_NamedAsGivenNotAsALocalPath()
    {
        using var tmp = new TempFolder();
        ProcessRunner.Result r = B3d("pose2d", "rtsp://127.0.0.1:1/live", "--out", tmp.File("o"), "--pose", "movenet-lightning");
        AssertRefused(r, CliErrors.Media, "pose2d", "rtsp://127.0.0.1:1/live");
        Assert.That(r.StdErr, Does.Not.Contain("rtsp:/127"), "not mangled into a path");
    }

    [Test]
    public void Pose2d_TruncatedVideo_WarnsWithTheCountsAndExitsOne()
    {
        using var tmp = new TempFolder();
        // The index first (faststart), then cut: the container still declares 100 frames, the data holds few.
        string whole = tmp.File("whole.mp4"), cut = tmp.File("cam01.mp4");
        ProcessRunner.Ffmpeg("-i", Path.Combine(SharedAssets.BalancingTrial, "videos", "cam01.mp4"), "-c", "copy", "-movflags", "+faststart", whole);
        byte[] bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 10)]);

        ProcessRunner.Result r = B3d("pose2d", cut, "--out", tmp.File("o"), "--pose", "movenet-lightning", "--detector", "yolox");
        TestContext.Out.WriteLine(r.StdOut);
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), r.StdErr);
        Assert.That(r.StdErr, Does.Match(@"b3d pose2d: \S+cam01\.mp4 ended after (\d+) of the 100 frames its container declares \(truncated or damaged\)"));
        int decoded = int.Parse(System.Text.RegularExpressions.Regex.Match(r.StdErr, @"ended after (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(decoded, Is.InRange(1, 99));
        Assert.That(Directory.GetFiles(tmp.File("o/cam01_json")), Has.Length.EqualTo(decoded), "the JSON of the frames decoded is kept");
    }

    [Test]
    public void Run_UnknownModelName_OneLineNamingTheField()
    {
        using var tmp = new TempFolder();
        string config = tmp.File("live.json");
        File.WriteAllText(config, RunConfig("""
            "models": { "detector": "yolov99" }
            """));
        AssertRefused(B3d("run", config, "--frames", "1"), CliErrors.BadInput, "run", "models.detector: 'yolov99' is not a known person detector");
    }

    [Test]
    public void Run_TwoNdiOutputsWithOneName_Refused()
    {
        using var tmp = new TempFolder();
        string config = tmp.File("live.json");
        File.WriteAllText(config, RunConfig("""
            "outputs": [ { "type": "ndi", "target": "B3D" }, { "type": "ndi", "target": "B3D" } ]
            """));
        AssertRefused(B3d("run", config, "--frames", "1"), CliErrors.BadInput, "run", "outputs: two ndi outputs are named 'B3D'");
    }

    [Test]
    public void Run_FileCameraNotAtItsCalibratedSize_RefusedNamingIt()
    {
        using var tmp = new TempFolder();
        string small = tmp.File("cam02-small.mp4");
        ProcessRunner.Ffmpeg("-i", Path.Combine(SharedAssets.BalancingTrial, "videos", "cam02.mp4"), "-an", "-frames:v", "5", "-vf", "scale=272:480", small);
        string config = tmp.File("live.json");
        File.WriteAllText(config, RunConfig("\"delayFrames\": 0").Replace(
            Path.Combine(SharedAssets.BalancingTrial, "videos", "cam02.mp4"), small, StringComparison.Ordinal));
        AssertRefused(B3d("run", config, "--frames", "1"), CliErrors.BadInput, "run",
            $"cameras[1] 'cam_02': {small} is 272×480 but the calibration's cam_02 is 1088×1920");
    }

    [Test]
    public void Run_NoCameraDeliversAPicture_ExitsNonZero()
    {
        using var tmp = new TempFolder();
        string config = tmp.File("live.json");
        // Four UDP cameras on ports nobody sends to: the run goes on (cameras may come) but ends black.
        string cameras = string.Join(", ", Enumerable.Range(1, 4).Select(i =>
            $$"""{ "name": "cam_0{{i}}", "source": "udp://127.0.0.1:{{LoopbackPorts.FreeUdp()}}" }"""));
        File.WriteAllText(config, $$"""
            { "calibration": "{{SharedAssets.CalibrationToml}}", "cameras": [ {{cameras}} ], "program": { "width": 272, "height": 480 } }
            """);
        ProcessRunner.Result r = B3d("run", config, "--frames", "30");
        Assert.That(r.ExitCode, Is.EqualTo(CliErrors.BadInput), $"{r.StdOut}\n{r.StdErr}");
        // The run went to its end: every one of the 30 ticks is a frame out or a tick dropped (behind real time
        // on a loaded machine; the live cadence's own tests judge those).
        System.Text.RegularExpressions.Match channel = System.Text.RegularExpressions.Regex.Match(r.StdOut, @"channel: (\d+) frames out, .*, (\d+) ticks dropped");
        Assert.That(channel.Success, Is.True, r.StdOut);
        Assert.That(int.Parse(channel.Groups[1].Value, CultureInfo.InvariantCulture) + int.Parse(channel.Groups[2].Value, CultureInfo.InvariantCulture),
            Is.EqualTo(30), r.StdOut);
        Assert.That(r.StdErr, Does.Contain("b3d run: no camera delivered a picture"));
    }

    [Test]
    public void Probe_RedirectedOutput_HasNoColourCodes()
    {
        ProcessRunner.Result r = B3d("probe", Path.Combine(SharedAssets.BalancingTrial, "videos", "cam01.mp4"), "/nonexistent/cam.mp4");
        Assert.That(r.StdOut, Does.Contain("cam01.mp4").And.Contain("h264"));
        Assert.That(r.StdOut, Does.Contain("/nonexistent/cam.mp4"), "the error line");
        Assert.That(r.StdOut, Does.Not.Contain("\u001b["), "no ANSI escape in a pipe");
    }

    private static string RunConfig(string extra)
    {
        string videos = Path.Combine(SharedAssets.BalancingTrial, "videos");
        string cameras = string.Join(", ", Enumerable.Range(1, 4).Select(i => $$"""{ "name": "cam_0{{i}}", "source": "{{videos}}/cam0{{i}}.mp4" }"""));
        return $$"""{ "calibration": "{{SharedAssets.CalibrationToml}}", "cameras": [ {{cameras}} ], {{extra}} }""";
    }
}
