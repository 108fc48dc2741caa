using System.Text;
using System.Text.Json;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Cli.Tests;

/// <summary>
/// Issue #21 through the real CLI: exports only of identities that consented, pseudonymised unless names are allowed,
/// the consent in the file's metadata, one audit line per export; <c>b3d retention</c> lists, then deletes exactly
/// the expired files and logs each.
/// </summary>
public class PrivacyCliTests
{
    private const string Registry = """
        {"identities": [
          {"id": "ath-01", "name": "Ada Sprinter", "team": "Club Alpha", "bib": "7", "consents": ["broadcast", "analysis", "export"]},
          {"id": "ath-02", "name": "Bo Jumper", "consents": ["broadcast"]}
        ]}
        """;

    private static string ReferenceTrc => Path.Combine(SharedAssets.BalancingTrial, "pose-3d", "S00_P00_T01_BalancingTrial_0-100_filt_butterworth.trc");

    private static ProcessRunner.Result B3d(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "b3d.dll"), .. args], TimeSpan.FromMinutes(2));

    [Test]
    public void Export_IdentityWithoutExportConsent_RefusedAndNothingWritten()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("consent.json"), Registry);

        ProcessRunner.Result r = B3d("export", ReferenceTrc, "--to", "csv", "--out", tmp.File("bo.csv"),
            "--consent", tmp.File("consent.json"), "--identity", "ath-02", "--audit-log", tmp.File("audit.jsonl"));

        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("identity 'ath-02' did not consent to export").And.Contain("nothing was written"));
        Assert.That(tmp.File("bo.csv"), Does.Not.Exist);
        Assert.That(tmp.File("audit.jsonl"), Does.Not.Exist, "nothing exported, nothing to audit");
    }

    [Test]
    public void Export_PseudonymisedEveryFormat_NoNameInTheBytesConsentInMetadataOneAuditLineEach()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("consent.json"), Registry);
        string[] formats = ["c3d", "csv", "mot", "bvh", "gltf"];
        string? pseudonym = null;
        foreach (string format in formats)
        {
            string output = tmp.File($"trial.{(format == "gltf" ? "glb" : format)}");
            ProcessRunner.Result r = B3d("export", ReferenceTrc, "--to", format, "--out", output,
                "--consent", tmp.File("consent.json"), "--identity", "ath-01", "--audit-log", tmp.File("audit.jsonl"));
            Assert.That(r.ExitCode, Is.Zero, r.StdErr);

            // BVH and glTF carry the subject beside the file; the others inside it.
            string metadataFile = format is "bvh" or "gltf" ? output + ".consent.json" : output;
            byte[] bytes = [.. File.ReadAllBytes(output), .. File.Exists(output + ".consent.json") ? File.ReadAllBytes(output + ".consent.json") : []];
            foreach (string personal in new[] { "Ada", "Sprinter", "Club Alpha", "ath-01" })
                Assert.That(Contains(bytes, personal), Is.False, $"{format}: '{personal}' found in the export");
            string metadata = Encoding.UTF8.GetString(File.ReadAllBytes(metadataFile));
            Assert.That(metadata, Does.Contain("consent to export recorded in consent.json; pseudonymised"), format);
            string found = System.Text.RegularExpressions.Regex.Match(metadata, "P-[0-9a-f]{12}").Value;
            Assert.That(found, Is.Not.Empty, $"{format}: the pseudonym");
            pseudonym ??= found;
            Assert.That(found, Is.EqualTo(pseudonym), "the same person has the same pseudonym in every export");
        }

        IReadOnlyList<string> lines = File.ReadAllLines(tmp.File("audit.jsonl"));
        Assert.That(lines, Has.Count.EqualTo(formats.Length), "one audit line per export");
        foreach (string line in lines)
        {
            using JsonDocument entry = JsonDocument.Parse(line);
            Assert.That(entry.RootElement.GetProperty("what").GetString(), Is.EqualTo("export"));
            Assert.That(entry.RootElement.GetProperty("who").GetString(), Does.StartWith("cli:"));
            Assert.That(entry.RootElement.GetProperty("detail").GetString(), Does.Contain(pseudonym));
        }
    }

    [Test]
    public void Export_NamesAllowed_NameInTheMetadata()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("consent.json"), Registry);
        ProcessRunner.Result r = B3d("export", ReferenceTrc, "--to", "csv", "--out", tmp.File("ada.csv"),
            "--consent", tmp.File("consent.json"), "--identity", "ath-01", "--names", "--audit-log", tmp.File("audit.jsonl"));
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        Assert.That(File.ReadLines(tmp.File("ada.csv")).First(), Is.EqualTo("# subject: Ada Sprinter"));
    }

    [Test]
    public void Report_IdentityWithoutAnalysisConsent_Refused()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("consent.json"), Registry);
        ProcessRunner.Result r = B3d("report", ReferenceTrc, "--out", tmp.File("bo.html"),
            "--consent", tmp.File("consent.json"), "--identity", "ath-02", "--audit-log", tmp.File("audit.jsonl"));
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("did not consent to analysis"));
        Assert.That(tmp.File("bo.html"), Does.Not.Exist);
    }

    [Test]
    public void Retention_DryRunThenApply_ListsThenDeletesExactlyTheExpiredAndLogsEach()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("live.json"), $$"""
            { "calibration": "{{SharedAssets.CalibrationToml}}", "cameras": [
              { "name": "cam_01", "source": "{{SharedAssets.BalancingTrial}}/videos/cam01.mp4" }, { "name": "cam_02", "source": "{{SharedAssets.BalancingTrial}}/videos/cam02.mp4" },
              { "name": "cam_03", "source": "{{SharedAssets.BalancingTrial}}/videos/cam03.mp4" }, { "name": "cam_04", "source": "{{SharedAssets.BalancingTrial}}/videos/cam04.mp4" } ],
              "record": {"folder": "replay"},
              "privacy": {"retention": {"days": 7, "folders": ["exports"]}, "auditLog": "audit.jsonl"} }
            """);
        string[] old = [tmp.File("exports/old.c3d"), tmp.File("replay/cam_01/old.mp4")];
        string[] young = [tmp.File("exports/new.c3d"), tmp.File("replay/cam_01/new.mp4"), tmp.File("replay/index.sqlite")];
        foreach (string file in old.Concat(young))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, "x");
        }
        foreach (string file in old.Append(tmp.File("replay/index.sqlite")))
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-8));

        ProcessRunner.Result dry = B3d("retention", tmp.File("live.json"), "--dry-run");
        Assert.That(dry.ExitCode, Is.Zero, dry.StdErr);
        Assert.That(dry.StdOut, Does.Contain("would delete " + old[0]).And.Contain("would delete " + old[1]).And.Contain("2 file(s) older than 7 days"));
        Assert.That(old.All(File.Exists), "a dry run deletes nothing");

        ProcessRunner.Result apply = B3d("retention", tmp.File("live.json"), "--apply");
        Assert.That(apply.ExitCode, Is.Zero, apply.StdErr);
        Assert.That(old.Where(File.Exists), Is.Empty);
        Assert.That(young.All(File.Exists), "younger files and the recording index stay");
        string[] audit = File.ReadAllLines(tmp.File("audit.jsonl"));
        Assert.That(audit, Has.Length.EqualTo(2));
        Assert.That(audit.All(l => l.Contains("\"what\":\"retention-delete\"", StringComparison.Ordinal)));
    }

    [Test]
    public void Retention_NoRetentionDays_ExitsOneSayingWhatToAdd()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("live.json"), $$"""
            { "calibration": "{{SharedAssets.CalibrationToml}}", "cameras": [
              { "name": "cam_01", "source": "{{SharedAssets.BalancingTrial}}/videos/cam01.mp4" }, { "name": "cam_02", "source": "{{SharedAssets.BalancingTrial}}/videos/cam02.mp4" },
              { "name": "cam_03", "source": "{{SharedAssets.BalancingTrial}}/videos/cam03.mp4" }, { "name": "cam_04", "source": "{{SharedAssets.BalancingTrial}}/videos/cam04.mp4" } ] }
            """);
        ProcessRunner.Result r = B3d("retention", tmp.File("live.json"), "--apply");
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.StdErr, Does.Contain("sets no privacy.retention.days"));
    }

    private static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0 || haystack.AsSpan().IndexOf(Encoding.Unicode.GetBytes(needle)) >= 0;
}
