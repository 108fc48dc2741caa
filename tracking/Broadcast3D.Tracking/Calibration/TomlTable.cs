namespace Broadcast3D.Tracking.Calibration;

/// <summary>A <c>[name]</c> table of a TOML document (the root table has the empty name), keys in file order.</summary>
public sealed class TomlTable
{
    private readonly List<TomlEntry> _entries = [];

    /// <summary>Creates an empty table declared at <paramref name="line"/>.</summary>
    public TomlTable(string name, int line)
    {
        Name = name;
        Line = line;
    }

    /// <summary>Table name.</summary>
    public string Name { get; }

    /// <summary>1-based line of the header (0 for the root table).</summary>
    public int Line { get; }

    /// <summary>Entries in file order.</summary>
    public IReadOnlyList<TomlEntry> Entries => _entries;

    /// <summary>The entry for <paramref name="key"/>, or null.</summary>
    public TomlEntry? Find(string key)
    {
        foreach (TomlEntry entry in _entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }

    internal bool TryAdd(TomlEntry entry)
    {
        if (Find(entry.Key) is not null)
        {
            return false;
        }

        _entries.Add(entry);
        return true;
    }
}
