using Broadcast3D.Engine.Configuration;

namespace Broadcast3D.Engine.Privacy;

/// <summary>
/// Data protection of one <c>b3d run</c>: the consent registry whose links the blur reads (channel thread) and the
/// operator changes (control API), the blur mode, and the audit log. Thread-safe (the registry and the log are).
/// </summary>
public sealed class LivePrivacy
{
    /// <summary>Privacy with <paramref name="registry"/>, <paramref name="blur"/> and the log at <paramref name="auditLogPath"/>.</summary>
    public LivePrivacy(ConsentRegistry registry, BlurMode blur, string auditLogPath)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Registry = registry;
        Blur = blur;
        Audit = new AuditLog(auditLogPath);
    }

    /// <summary>Identities and the links of tracks to them.</summary>
    public ConsentRegistry Registry { get; }

    /// <summary>Who is pixelated on the picture outputs.</summary>
    public BlurMode Blur { get; }

    /// <summary>Where personal-data reads and exports are logged.</summary>
    public AuditLog Audit { get; }

    /// <summary>From the configuration's <c>privacy</c> section (reads the registry).</summary>
    /// <exception cref="ConfigException">The registry is invalid or missing (names the file and the field).</exception>
    public static LivePrivacy From(PrivacyConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ConsentRegistry registry = config.ConsentPath is { } path ? ConsentRegistry.Load(path) : ConsentRegistry.Empty();
        return new LivePrivacy(registry, config.Blur, config.AuditLogPath);
    }
}
