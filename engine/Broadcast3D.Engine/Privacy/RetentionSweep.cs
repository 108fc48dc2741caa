using Serilog;

namespace Broadcast3D.Engine.Privacy;

/// <summary>
/// Retention (issue #21): files of the given folders (recursively) last written more than the retention period ago
/// are deleted, each deletion logged to the audit log. A recording folder's <c>index.sqlite</c> (and its WAL files)
/// is never deleted: it indexes the live run; a segment deleted under it reads as missing in <c>b3d replay</c>.
/// The audit log itself is never swept. Stateless and thread-safe.
/// </summary>
public static class RetentionSweep
{
    /// <summary>
    /// The files under <paramref name="folders"/> (missing folders are skipped) last written before
    /// <paramref name="now"/> − <paramref name="keep"/>, oldest first; <paramref name="auditLogPath"/> is never listed.
    /// </summary>
    public static IReadOnlyList<ExpiredFile> Find(IEnumerable<string> folders, TimeSpan keep, DateTimeOffset now, string? auditLogPath = null)
    {
        ArgumentNullException.ThrowIfNull(folders);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(keep, TimeSpan.Zero);
        DateTimeOffset cutoff = now - keep;
        string? audit = auditLogPath is null ? null : Path.GetFullPath(auditLogPath);
        var expired = new List<ExpiredFile>();
        foreach (string folder in folders.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(folder))
                continue;
            foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                string name = Path.GetFileName(file);
                if (name.StartsWith("index.sqlite", StringComparison.Ordinal) || string.Equals(file, audit, StringComparison.Ordinal))
                    continue;
                var info = new FileInfo(file);
                var written = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
                if (written < cutoff)
                    expired.Add(new ExpiredFile(info.FullName, info.Length, written));
            }
        }
        expired.Sort((a, b) => a.LastWriteUtc.CompareTo(b.LastWriteUtc));
        return expired;
    }

    /// <summary>
    /// Deletes <paramref name="files"/>, logging each to <paramref name="audit"/> as <c>retention-delete</c> by
    /// <paramref name="who"/>. A file already gone is skipped; one that cannot be deleted is logged as a warning and
    /// left (the next sweep tries again). Returns how many were deleted.
    /// </summary>
    public static int Apply(IReadOnlyList<ExpiredFile> files, AuditLog audit, string who, ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(audit);
        log ??= Log.Logger;
        int deleted = 0;
        foreach (ExpiredFile file in files)
        {
            try
            {
                if (!File.Exists(file.Path))
                    continue;
                File.Delete(file.Path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                log.Warning("retention: could not delete {File}: {Reason}", file.Path, ex.Message);
                continue;
            }
            audit.Write(who, "retention-delete", file.Path,
                $"last written {file.LastWriteUtc.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}, {file.Bytes} bytes");
            deleted++;
        }
        return deleted;
    }
}
