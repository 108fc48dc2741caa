using System.Text.Json;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests.Privacy;

/// <summary>Retention deletes exactly the expired files and logs each; the audit log is JSON lines (issue #21).</summary>
public class RetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static string Config(string extra) => $$"""
        { "calibration": "{{SharedAssets.CalibrationToml}}", "cameras": [
          { "name": "cam_01", "source": "{{SharedAssets.BalancingTrial}}/videos/cam01.mp4" }, { "name": "cam_02", "source": "{{SharedAssets.BalancingTrial}}/videos/cam02.mp4" },
          { "name": "cam_03", "source": "{{SharedAssets.BalancingTrial}}/videos/cam03.mp4" }, { "name": "cam_04", "source": "{{SharedAssets.BalancingTrial}}/videos/cam04.mp4" } ]
          {{extra}} }
        """;

    private static void Touch(string path, double daysOld)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, path);
        File.SetLastWriteTimeUtc(path, Now.UtcDateTime.AddDays(-daysOld));
    }

    [Test]
    public void Apply_MixedAges_ExactlyTheExpiredFilesGoEachLogged()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("b3d.json"), Config("""
            , "record": {"folder": "replay"},
            "privacy": {"retention": {"days": 30, "folders": ["exports", "reports"]}, "auditLog": "audit/log.jsonl"}
            """));
        Touch(tmp.File("exports/old.trc"), 31);
        Touch(tmp.File("exports/new.trc"), 29);
        Touch(tmp.File("reports/deep/old.html"), 400);
        Touch(tmp.File("replay/cam01/seg-000001.mp4"), 30.5);
        Touch(tmp.File("replay/cam01/seg-000002.mp4"), 1);
        Touch(tmp.File("replay/index.sqlite"), 90);
        Touch(tmp.File("elsewhere/old.trc"), 90);
        PipelineConfig config = PipelineConfigLoader.Load(tmp.File("b3d.json"));

        RetentionPlan plan = RetentionPlan.For(config)!;
        IReadOnlyList<ExpiredFile> expired = plan.Expired(Now);
        int deleted = RetentionSweep.Apply(expired, new AuditLog(plan.AuditLogPath), "cli:test");

        string[] gone = [tmp.File("reports/deep/old.html"), tmp.File("exports/old.trc"), tmp.File("replay/cam01/seg-000001.mp4")];
        Assert.That(expired.Select(e => e.Path), Is.EqualTo(gone), "oldest first; the index and files outside the folders are not retention's");
        Assert.That(deleted, Is.EqualTo(3));
        Assert.That(gone.Where(File.Exists), Is.Empty);
        Assert.That(new[] { "exports/new.trc", "replay/cam01/seg-000002.mp4", "replay/index.sqlite", "elsewhere/old.trc" }.Select(tmp.File).All(File.Exists));
        IReadOnlyList<string> lines = AuditLog.ReadLines(tmp.File("audit/log.jsonl"));
        Assert.That(lines, Has.Count.EqualTo(3));
        for (int i = 0; i < 3; i++)
        {
            using JsonDocument entry = JsonDocument.Parse(lines[i]);
            Assert.That(entry.RootElement.GetProperty("what").GetString(), Is.EqualTo("retention-delete"));
            Assert.That(entry.RootElement.GetProperty("who").GetString(), Is.EqualTo("cli:test"));
            Assert.That(entry.RootElement.GetProperty("subject").GetString(), Is.EqualTo(gone[i]));
            Assert.That(DateTimeOffset.Parse(entry.RootElement.GetProperty("when").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(5)));
        }
    }

    [Test]
    public void For_NoRetentionDays_NoPlan()
    {
        using var tmp = new TempFolder();
        PipelineConfig config = PipelineConfigLoader.Parse(Config(""), "b3d.json", tmp.Path);
        Assert.That(RetentionPlan.For(config), Is.Null);
        Assert.That(config.Privacy.Blur, Is.EqualTo(BlurMode.Untracked), "blurring is the default");
        Assert.That(config.Privacy.AuditLogPath, Is.EqualTo(Path.Combine(tmp.Path, PrivacyConfig.DefaultAuditLogName)));
    }

    [Test]
    public void Load_BadPrivacySection_EveryFieldNamed()
    {
        using var tmp = new TempFolder();
        var ex = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(Config("""
            , "privacy": {"consent": "missing.json", "blur": "all", "retention": {"days": 0, "folders": "exports"}, "names": true}
            """), "b3d.json", tmp.Path))!;
        Assert.That(ex.Message, Does.Contain("privacy.consent"));
        Assert.That(ex.Message, Does.Contain("privacy.blur: 'all' is not a blur mode"));
        Assert.That(ex.Message, Does.Contain("privacy.retention.days"));
        Assert.That(ex.Message, Does.Contain("privacy.retention.folders: must be an array"));
        Assert.That(ex.Message, Does.Contain("privacy.names: unknown field"));
    }
}
