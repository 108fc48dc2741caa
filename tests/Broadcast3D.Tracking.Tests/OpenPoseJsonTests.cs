using Broadcast3D.Tracking.Formats;
using Broadcast3D.Tracking.Triangulation;

namespace Broadcast3D.Tracking.Tests;

public sealed class OpenPoseJsonTests
{
    private static readonly int[] Nose = [0];

    [Test]
    public void ReadBatch_BalancingTrial_ReadsFramesInNaturalOrderAndMissingPersonAsMissing()
    {
        TriangulationBatch batch = OpenPoseJson.ReadBatch(ReferenceTrials.PoseAssociated(SharedAssets.BalancingTrial), 4, Nose, 0);

        Assert.Multiple(() =>
        {
            Assert.That(batch.Frames, Is.EqualTo(100));
            Assert.That(batch.Cameras, Is.EqualTo(4));
            // cam03 frame 52 was rejected by the association: {"people":[{}]}.
            Assert.That(batch.Observations[batch.ObservationIndex(52, 0, 0, 2) + 2], Is.Zero);
            Assert.That(double.IsNaN(batch.Observations[batch.ObservationIndex(52, 0, 0, 2)]), Is.True);
            Assert.That(batch.Observations[batch.ObservationIndex(52, 0, 0, 1) + 2], Is.GreaterThan(0));
        });
    }

    [Test]
    public void ReadBatch_FilesWithUtf8ByteOrderMark_ReadAsWithout()
    {
        using var folder = CopyTrial(frames: 2);
        foreach (string camera in OpenPoseJson.CameraFolders(folder.Path))
        {
            foreach (string file in OpenPoseJson.FrameFiles(camera))
                File.WriteAllBytes(file, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(file)]);
        }
        TriangulationBatch withMark = OpenPoseJson.ReadBatch(folder.Path, 4, Nose, 0);
        TriangulationBatch reference = OpenPoseJson.ReadBatch(ReferenceTrials.PoseAssociated(SharedAssets.BalancingTrial), 4, Nose, 0);
        Assert.That(withMark.Observations, Is.EqualTo(reference.Observations.AsSpan(0, withMark.Observations.Length).ToArray()));
    }

    [Test]
    public void ReadBatch_AFileInsteadOfTheFolder_SaysItIsAFile()
    {
        string file = OpenPoseJson.FrameFiles(Path.Combine(ReferenceTrials.PoseAssociated(SharedAssets.BalancingTrial), "cam01_json"))[0];
        var ex = Assert.Throws<InputFormatException>(() => OpenPoseJson.ReadBatch(file, 4, Nose, 0));
        Assert.That(ex!.Message, Does.Contain("is a file; give the folder holding one OpenPose JSON folder per camera"));
    }

    [Test]
    public void ReadBatch_MissingCameraFolder_FailsNamingFoldersAndCount()
    {
        using var folder = CopyTrial(frames: 3);
        Directory.Delete(Path.Combine(folder.Path, "cam03_json"), recursive: true);

        var ex = Assert.Throws<InputFormatException>(() => OpenPoseJson.ReadBatch(folder.Path, 4, Nose, 0));

        Assert.That(ex!.Message, Does.StartWith(folder.Path).And.Contain("3 camera folder(s)").And.Contain("4 cameras"));
    }

    [Test]
    public void ReadBatch_MismatchedFrameCounts_FailsNamingTheCameraFolder()
    {
        using var folder = CopyTrial(frames: 3);
        File.Delete(OpenPoseJson.FrameFiles(Path.Combine(folder.Path, "cam02_json"))[2]);

        var ex = Assert.Throws<InputFormatException>(() => OpenPoseJson.ReadBatch(folder.Path, 4, Nose, 0));

        Assert.That(ex!.Message, Does.Contain("cam02_json").And.Contain("2 frame files but cam01_json has 3"));
    }

    [Test]
    public void ReadBatch_NegativeConfidence_FailsNamingFileAndField()
    {
        using var folder = CopyTrial(frames: 2);
        string file = OpenPoseJson.FrameFiles(Path.Combine(folder.Path, "cam04_json"))[1];
        File.WriteAllText(file, """{"version":1.3,"people":[{"person_id":[-1],"pose_keypoints_2d":[10.0,20.0,-0.5]}]}""");

        var ex = Assert.Throws<InputFormatException>(() => OpenPoseJson.ReadBatch(folder.Path, 4, Nose, 0));

        Assert.That(ex!.Message, Does.StartWith(file).And.Contain("pose_keypoints_2d[2] (confidence of keypoint 0) is -0.5"));
    }

    [Test]
    public void ReadBatch_NaNConfidence_FailsNamingFileAndField()
    {
        using var folder = CopyTrial(frames: 2);
        string file = OpenPoseJson.FrameFiles(Path.Combine(folder.Path, "cam01_json"))[0];
        File.WriteAllText(file, """{"version":1.3,"people":[{"person_id":[-1],"pose_keypoints_2d":[10.0,20.0,NaN]}]}""");

        var ex = Assert.Throws<InputFormatException>(() => OpenPoseJson.ReadBatch(folder.Path, 4, Nose, 0));

        Assert.That(ex!.Message, Does.StartWith(file).And.Contain("pose_keypoints_2d[2] (confidence of keypoint 0) is NaN"));
    }

    [Test]
    public void ReadBatch_NoCameraFolder_FailsSayingWhatIsExpected()
    {
        using var folder = new TempFolder();

        var ex = Assert.Throws<InputFormatException>(() => OpenPoseJson.ReadBatch(folder.Path, 4, Nose, 0));

        Assert.That(ex!.Message, Does.Contain("no camera folder found"));
    }

    [Test]
    public void Compare_NumberedNames_SortsByNumberValue()
    {
        string[] names = ["cam10_json", "cam2_json", "cam1_json", "f.00010.json", "f.9.json"];

        Array.Sort(names, NaturalStringComparer.Instance);

        Assert.That(names, Is.EqualTo(new[] { "cam1_json", "cam2_json", "cam10_json", "f.9.json", "f.00010.json" }));
    }

    // The first frames of the Balancing trial's four camera folders, in a temporary folder.
    private static TempFolder CopyTrial(int frames)
    {
        var folder = new TempFolder();
        foreach (string camera in OpenPoseJson.CameraFolders(ReferenceTrials.PoseAssociated(SharedAssets.BalancingTrial)))
        {
            string target = Path.Combine(folder.Path, Path.GetFileName(camera));
            Directory.CreateDirectory(target);
            foreach (string file in OpenPoseJson.FrameFiles(camera).Take(frames))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        return folder;
    }
}
