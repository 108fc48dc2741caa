namespace Broadcast3D.Engine.Privacy;

/// <summary>
/// Whom an export or report is of, as written into the file's metadata: <see cref="Subject"/> is the identity's
/// pseudonym (or, when the operator allowed names, its name) and <see cref="Basis"/> the consent it is written on.
/// </summary>
/// <param name="Subject">Pseudonym (<c>P-…</c>) or name.</param>
/// <param name="Basis">One line: the consent, where it is recorded (the registry's file name), and whether names were allowed.</param>
/// <param name="Pseudonymised">False when <see cref="Subject"/> is the person's name.</param>
public sealed record ExportSubject(string Subject, string Basis, bool Pseudonymised)
{
    /// <summary>
    /// The subject of an export of <paramref name="identityId"/> needing <paramref name="needed"/>, or null when the
    /// identity did not consent to it (then nothing may be written). Names only when <paramref name="names"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No such identity (the message lists the ids there are).</exception>
    public static ExportSubject? Resolve(ConsentRegistry registry, string identityId, Consents needed, bool names)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Identity identity = registry.Find(identityId) ?? throw new ArgumentException(
            $"--identity {identityId}: no such identity in the consent registry {registry.Source}; use one of: {string.Join(", ", registry.Identities.Select(i => i.Id))}", nameof(identityId));
        if ((identity.Consents & needed) != needed)
            return null;
        string consent = needed.ToString().ToLowerInvariant().Replace(", ", " and ", StringComparison.Ordinal);
        string registryName = Path.GetFileName(registry.Source);
        return names
            ? new ExportSubject(identity.Name, $"consent to {consent} recorded in {registryName}; names allowed by the operator", false)
            : new ExportSubject(registry.Pseudonym(identity), $"consent to {consent} recorded in {registryName}; pseudonymised", true);
    }
}
