using System.CommandLine;
using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Privacy;

namespace Broadcast3D.Cli.Commands;

/// <summary>
/// The data-protection options of the commands that write personal data (<c>export</c>, <c>report</c>, <c>replay
/// export</c>; issue #21): whose data it is (<c>--consent FILE --identity ID</c>, checked against the needed consent),
/// whether names may be written (<c>--names</c>; pseudonyms otherwise), and the audit log every such file is logged to.
/// </summary>
internal sealed class PrivacyOptions
{
    /// <summary>The audit log when neither <c>--audit-log</c> nor <c>$B3D_AUDIT_LOG</c> is given: the user's state folder.</summary>
    public static string DefaultAuditLogPath => Path.Combine(
        Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } state ? state : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state"),
        "broadcast3d", PrivacyConfig.DefaultAuditLogName);

    public Option<string?> Consent { get; } = new("--consent") { Description = "Consent registry (JSON) of the person whose data this is; needs --identity." };

    public Option<string?> Identity { get; } = new("--identity") { Description = "Id of that person in the consent registry: refused unless they consented." };

    public Option<bool> Names { get; } = new("--names") { Description = "Write the person's name (default: a stable pseudonym, no name)." };

    public Option<string?> AuditLog { get; } = new("--audit-log") { Description = "Audit log to append to (default: $B3D_AUDIT_LOG, else ~/.local/state/broadcast3d/b3d-audit.jsonl)." };

    /// <summary>Adds the options to <paramref name="command"/>; <paramref name="withSubject"/>: also --consent, --identity, --names.</summary>
    public void AddTo(Command command, bool withSubject = true)
    {
        if (withSubject)
        {
            command.Options.Add(Consent);
            command.Options.Add(Identity);
            command.Options.Add(Names);
        }
        command.Options.Add(AuditLog);
    }

    /// <summary>The audit log of this invocation.</summary>
    public Engine.Privacy.AuditLog Audit(ParseResult parse) => new(parse.GetValue(AuditLog)
        ?? (Environment.GetEnvironmentVariable("B3D_AUDIT_LOG") is { Length: > 0 } env ? env : DefaultAuditLogPath));

    /// <summary>
    /// Whom the file is of, or null when no registry was given (the file then names nobody). Refuses, before anything
    /// is written, an identity without <paramref name="needed"/>.
    /// </summary>
    public ExportSubject? Subject(ParseResult parse, Consents needed, string what)
    {
        string? registryPath = parse.GetValue(Consent), identity = parse.GetValue(Identity);
        if (registryPath is null)
        {
            if (identity is not null || parse.GetValue(Names))
                throw new UsageException($"{what}: --identity and --names need --consent FILE (the registry that records the person's consent)");
            return null;
        }
        if (identity is null)
            throw new UsageException($"{what}: --consent needs --identity ID (whose data this file is)");
        ConsentRegistry registry = ConsentRegistry.Load(registryPath);
        ExportSubject? subject;
        try
        {
            subject = ExportSubject.Resolve(registry, identity, needed, parse.GetValue(Names));
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"{what}: {ex.Message.Split(" (Parameter", 2)[0]}");
        }
        return subject ?? throw new UsageException(
            $"{what}: identity '{identity}' did not consent to {needed.ToString().ToLowerInvariant()} in {registryPath}; nothing was written (record the consent there first)");
    }
}
