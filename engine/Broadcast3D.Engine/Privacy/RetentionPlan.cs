using Broadcast3D.Engine.Configuration;

namespace Broadcast3D.Engine.Privacy;

/// <summary>
/// What retention sweeps for a configuration: <c>record.folder</c> (recordings and their 3D history) and
/// <c>privacy.retention.folders</c> (exports, reports), keeping files younger than <see cref="Keep"/>.
/// </summary>
/// <param name="Folders">Full paths of the folders swept (recursively).</param>
/// <param name="Keep">Age from which a file is deleted.</param>
/// <param name="AuditLogPath">The audit log (never swept; deletions are logged there).</param>
public sealed record RetentionPlan(IReadOnlyList<string> Folders, TimeSpan Keep, string AuditLogPath)
{
    /// <summary>The plan of <paramref name="config"/>, or null when it sets no <c>privacy.retention.days</c> (nothing is deleted).</summary>
    public static RetentionPlan? For(PipelineConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Privacy.RetentionDays is not { } days)
            return null;
        var folders = new List<string>(config.Privacy.RetentionFolders);
        if (config.Record is { } record)
            folders.Add(record.Folder);
        return new RetentionPlan(folders, TimeSpan.FromDays(days), config.Privacy.AuditLogPath);
    }

    /// <summary>The files this plan deletes at <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<ExpiredFile> Expired(DateTimeOffset now) => RetentionSweep.Find(Folders, Keep, now, AuditLogPath);
}
