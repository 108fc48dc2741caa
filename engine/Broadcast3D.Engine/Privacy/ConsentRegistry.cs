using System.Security.Cryptography;
using System.Text.Json;
using Broadcast3D.Engine.Configuration;

namespace Broadcast3D.Engine.Privacy;

/// <summary>
/// The consent registry (issue #21): identities with what each consented to, read from a JSON file, and the links
/// from 3D track ids to identities — made by the operator (<see cref="Link"/>, the control API) or by an identity's
/// <see cref="LinkRule"/>. An operator's link is never replaced by a rule. Pseudonyms (<see cref="Pseudonym"/>) are
/// stable random ids: an HMAC of the identity's id under a random key kept beside the registry
/// (<c>FILE.key</c>, made on first use), so the same person gets the same pseudonym in every export and nobody
/// without the key can get from a pseudonym back to the id. Thread-safe: links are read on the channel thread and
/// written from the control API.
/// </summary>
public sealed class ConsentRegistry
{
    private readonly Dictionary<string, Identity> _byId;
    private readonly Dictionary<int, (Identity Identity, bool ByOperator)> _links = [];
    private readonly Lock _lock = new();
    private readonly string? _keyPath;
    private byte[]? _key;

    private ConsentRegistry(string source, IReadOnlyList<Identity> identities, string? keyPath)
    {
        Source = source;
        Identities = identities;
        _byId = identities.ToDictionary(i => i.Id, StringComparer.Ordinal);
        _keyPath = keyPath;
    }

    /// <summary>Where the identities came from (a path, or a description of the built-in registry).</summary>
    public string Source { get; }

    /// <summary>Every identity, in file order.</summary>
    public IReadOnlyList<Identity> Identities { get; }

    /// <summary>A registry with nobody in it: nobody is linked, so with the default blur everyone detected is blurred.</summary>
    public static ConsentRegistry Empty() => new("(no consent registry)", [], null);

    /// <summary>
    /// The demo's registry: the Pose2Sim sample's participant (published data) consented to everything and is linked
    /// to the person tracked the longest; the trial's background person is nobody's, so it is blurred by default.
    /// </summary>
    public static ConsentRegistry DemoAthlete() => new("(built-in: the demo athlete)",
        [new Identity("demo-athlete", "Pose2Sim demo participant", "", "", Consents.Broadcast | Consents.Analysis | Consents.Export, new LinkRule(LinkRuleKind.Main))], null);

    /// <summary>Reads <paramref name="path"/>; throws <see cref="ConfigException"/> naming the file and every bad field.</summary>
    public static ConsentRegistry Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
            throw new ConfigException($"{path}: is a folder; give the consent registry's .json file");
        if (!File.Exists(path))
            throw new ConfigException($"{path}: consent registry not found; give an existing .json file (see README, \"Data protection\")");
        return Parse(File.ReadAllText(path), path, path + ".key");
    }

    /// <summary>
    /// Parses registry text (<paramref name="sourceName"/> names it in errors); pseudonyms use the key at
    /// <paramref name="keyPath"/> (made when missing; null: a key for this process only).
    /// </summary>
    public static ConsentRegistry Parse(string json, string sourceName, string? keyPath)
    {
        using JsonDocument doc = ConfigJson.Parse(json, sourceName);
        var errors = new List<string>();
        List<Identity> identities = ConsentRegistryReader.Read(doc.RootElement, errors);
        if (errors.Count > 0)
            throw new ConfigException($"{sourceName}: invalid consent registry:\n  " + string.Join("\n  ", errors));
        return new ConsentRegistry(sourceName, identities, keyPath);
    }

    /// <summary>The identity with id <paramref name="id"/>, or null.</summary>
    public Identity? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// The operator links track <paramref name="trackId"/> to identity <paramref name="identityId"/> (replacing any
    /// earlier link of that track, and any other track's link to that identity: one person is one track).
    /// </summary>
    /// <exception cref="ArgumentException">No identity has that id (the message lists the ids there are).</exception>
    public void Link(int trackId, string identityId)
    {
        Identity identity = Find(identityId) ?? throw new ArgumentException(
            $"no identity '{identityId}' in the consent registry {Source}; use one of: {string.Join(", ", Identities.Select(i => i.Id))}", nameof(identityId));
        lock (_lock)
            Set(trackId, identity, byOperator: true);
    }

    /// <summary>Removes track <paramref name="trackId"/>'s link; false when it had none.</summary>
    public bool Unlink(int trackId)
    {
        lock (_lock)
            return _links.Remove(trackId);
    }

    /// <summary>The identity track <paramref name="trackId"/> is linked to, or null.</summary>
    public Identity? IdentityOf(int trackId)
    {
        lock (_lock)
            return _links.TryGetValue(trackId, out var link) ? link.Identity : null;
    }

    /// <summary>True when track <paramref name="trackId"/> is linked to an identity that consented to all of <paramref name="what"/>.</summary>
    public bool Consented(int trackId, Consents what)
    {
        lock (_lock)
            return _links.TryGetValue(trackId, out var link) && (link.Identity.Consents & what) == what;
    }

    /// <summary>True when track <paramref name="trackId"/> is linked to an identity that did not consent to all of <paramref name="what"/>.</summary>
    public bool Refused(int trackId, Consents what)
    {
        lock (_lock)
            return _links.TryGetValue(trackId, out var link) && (link.Identity.Consents & what) != what;
    }

    /// <summary>Links track <paramref name="trackId"/> to every identity whose rule is <see cref="LinkRuleKind.Main"/> (unless the operator linked them).</summary>
    public void LinkMain(int trackId)
    {
        lock (_lock)
        {
            foreach (Identity identity in Identities)
            {
                if (identity.Link?.Kind == LinkRuleKind.Main && !LinkedByOperator(identity))
                    Set(trackId, identity, byOperator: false);
            }
        }
    }

    /// <summary>
    /// Applies the zone rules to one frame set's people: track ids with their pelvis on the floor (world X, Y,
    /// metres). An identity whose zone holds exactly one person is linked to it; none or several change nothing.
    /// </summary>
    public void ApplyZones(ReadOnlySpan<int> trackIds, ReadOnlySpan<double> floorXy)
    {
        if (floorXy.Length < trackIds.Length * 2)
            throw new ArgumentException($"{floorXy.Length} floor coordinates for {trackIds.Length} tracks: give X, Y per track", nameof(floorXy));
        lock (_lock)
        {
            // Indexed, not foreach: this runs on the channel thread every picture, and an interface enumerator allocates.
            for (int k = 0; k < Identities.Count; k++)
            {
                Identity identity = Identities[k];
                if (identity.Link is not { Kind: LinkRuleKind.Zone } zone || LinkedByOperator(identity))
                    continue;
                int inside = -1, count = 0;
                for (int i = 0; i < trackIds.Length; i++)
                {
                    if (zone.Contains(floorXy[2 * i], floorXy[2 * i + 1]))
                    {
                        inside = trackIds[i];
                        count++;
                    }
                }
                if (count == 1)
                    Set(inside, identity, byOperator: false);
            }
        }
    }

    /// <summary>The links now, track id → identity id (a copy, for the control API's state).</summary>
    public IReadOnlyList<(int TrackId, string IdentityId, bool ByOperator)> Links()
    {
        lock (_lock)
            return [.. _links.OrderBy(l => l.Key).Select(l => (l.Key, l.Value.Identity.Id, l.Value.ByOperator))];
    }

    /// <summary>
    /// The identity's pseudonym: <c>P-</c> and 12 hex digits, the same for the same identity and key file. Makes the
    /// key file (32 random bytes, readable by the owner only) when it does not exist.
    /// </summary>
    /// <exception cref="IOException">The key file cannot be read or written (the message names it).</exception>
    public string Pseudonym(Identity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        byte[] key;
        lock (_lock)
            key = _key ??= LoadOrCreateKey(_keyPath);
        byte[] mac = HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(identity.Id));
        return "P-" + Convert.ToHexStringLower(mac.AsSpan(0, 6));
    }

    private bool LinkedByOperator(Identity identity)
    {
        foreach (var link in _links.Values)
        {
            if (link.ByOperator && ReferenceEquals(link.Identity, identity))
                return true;
        }
        return false;
    }

    private void Set(int trackId, Identity identity, bool byOperator)
    {
        // Rules are applied every frame set: a link that stands is left alone (nothing allocated in steady state).
        if (_links.TryGetValue(trackId, out var existing) && (ReferenceEquals(existing.Identity, identity) && existing.ByOperator == byOperator || existing.ByOperator && !byOperator))
            return;
        foreach (var other in _links.Where(l => ReferenceEquals(l.Value.Identity, identity) && l.Key != trackId).Select(l => l.Key).ToList())
            _links.Remove(other);
        _links[trackId] = (identity, byOperator);
    }

    private static byte[] LoadOrCreateKey(string? path)
    {
        if (path is null)
            return RandomNumberGenerator.GetBytes(32);
        try
        {
            if (File.Exists(path))
            {
                byte[] existing = File.ReadAllBytes(path);
                if (existing.Length < 16)
                    throw new IOException($"{path}: the pseudonym key is {existing.Length} bytes, at least 16 expected; restore it from a backup (deleting it changes every pseudonym)");
                return existing;
            }
            byte[] key = RandomNumberGenerator.GetBytes(32);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(path, options))
                stream.Write(key);
            return key;
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"{path}: cannot read or write the pseudonym key ({ex.Message}); make the registry's folder writable", ex);
        }
    }
}
