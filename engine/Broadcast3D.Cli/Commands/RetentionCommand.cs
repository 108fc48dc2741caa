using System.CommandLine;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Privacy;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// <c>b3d retention CONFIG [--dry-run | --apply]</c>: the files of the configuration's recording folder and
/// <c>privacy.retention.folders</c> older than <c>privacy.retention.days</c>, listed (the default, <c>--dry-run</c>) or
/// deleted with one audit line each (<c>--apply</c>).
/// </summary>
internal static class RetentionCommand
{
    public static Command Create()
    {
        var config = new Argument<string>("CONFIG") { Description = "Pipeline configuration whose privacy.retention and record sections to apply." };
        var apply = new Option<bool>("--apply") { Description = "Delete the expired files (each one logged to the audit log)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only list what --apply would delete (the default)." };
        var command = new Command("retention", "Delete recordings, 3D history, exports and reports older than privacy.retention.days.") { config, apply, dryRun };
        command.SetAction(parse => Run(parse.GetValue(config)!, parse.GetValue(apply), parse.GetValue(dryRun)));
        return command;
    }

    private static int Run(string configPath, bool apply, bool dryRun)
    {
        if (apply && dryRun)
            throw new UsageException("retention: give --apply (delete) or --dry-run (list), not both");
        PipelineConfig config = PipelineConfigLoader.Load(configPath);
        RetentionPlan plan = RetentionPlan.For(config)
            ?? throw new UsageException($"retention: {configPath} sets no privacy.retention.days, so nothing expires; add e.g. \"privacy\": {{\"retention\": {{\"days\": 30, \"folders\": [\"exports\"]}}}}");
        IReadOnlyList<ExpiredFile> expired = plan.Expired(TimeProvider.System.GetUtcNow());
        TextWriter o = Console.Out;
        foreach (ExpiredFile file in expired)
            o.WriteLine($"{(apply ? "delete" : "would delete")} {file.Path} ({file.Bytes} bytes, last written {file.LastWriteUtc.UtcDateTime:yyyy-MM-dd HH:mm} UTC)");
        if (!apply)
        {
            o.WriteLine($"{expired.Count} file(s) older than {plan.Keep.TotalDays} days in {string.Join(", ", plan.Folders)}; --apply deletes them");
            return CliErrors.Ok;
        }
        int deleted = RetentionSweep.Apply(expired, new AuditLog(plan.AuditLogPath), AuditLog.CommandLineUser);
        o.WriteLine($"{deleted} file(s) deleted, each logged to {plan.AuditLogPath}");
        return CliErrors.Ok;
    }
}
