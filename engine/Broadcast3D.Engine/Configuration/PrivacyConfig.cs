using Broadcast3D.Engine.Privacy;

namespace Broadcast3D.Engine.Configuration;

/// <summary>
/// The <c>privacy</c> section (issue #21; defaults when absent: blur everyone not linked to a consenting identity,
/// no registry, nothing deleted, the audit log beside the configuration).
/// </summary>
/// <param name="ConsentPath">The consent registry (resolved against the configuration's folder); null: nobody is linked.</param>
/// <param name="Blur">Who is blurred on the picture outputs.</param>
/// <param name="RetentionDays">Recordings and the <paramref name="RetentionFolders"/>' files older than this many days are deleted; null: kept.</param>
/// <param name="RetentionFolders">Folders of exports, reports and 3D history that retention sweeps (resolved), besides <c>record.folder</c>.</param>
/// <param name="AuditLogPath">The append-only audit log (JSON lines; resolved).</param>
public sealed record PrivacyConfig(string? ConsentPath, BlurMode Blur, int? RetentionDays, IReadOnlyList<string> RetentionFolders, string AuditLogPath)
{
    /// <summary>File name of the audit log when <c>privacy.auditLog</c> is not given (beside the configuration).</summary>
    public const string DefaultAuditLogName = "b3d-audit.jsonl";

    /// <summary>Longest retention accepted, days (ten years: longer is a typo, and no sports body keeps body data that long).</summary>
    public const int MaxRetentionDays = 3653;

    /// <summary>The defaults for a configuration in <paramref name="baseDirectory"/>.</summary>
    public static PrivacyConfig Default(string baseDirectory) =>
        new(null, BlurMode.Untracked, null, [], Path.GetFullPath(Path.Combine(baseDirectory, DefaultAuditLogName)));
}
