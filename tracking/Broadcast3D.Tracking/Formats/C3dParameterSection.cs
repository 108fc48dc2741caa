namespace Broadcast3D.Tracking.Formats;

/// <summary>The groups of a C3D parameter section in file order. Group ids are assigned by position when written. Not thread-safe.</summary>
public sealed class C3dParameterSection
{
    private readonly List<C3dGroup> _groups = [];

    /// <summary>Groups in file order.</summary>
    public IReadOnlyList<C3dGroup> Groups => _groups;

    /// <summary>The group named <paramref name="name"/> (case-insensitive), or null.</summary>
    public C3dGroup? Group(string name) => _groups.Find(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The group named <paramref name="name"/>, created at the end when absent.</summary>
    public C3dGroup GetOrAdd(string name, string description = "")
    {
        C3dGroup? group = Group(name);
        if (group is null)
        {
            group = new C3dGroup(name, description);
            _groups.Add(group);
        }

        return group;
    }

    /// <summary>Adds a group (a group of the same name is replaced in place).</summary>
    public void Add(C3dGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        int i = _groups.FindIndex(g => string.Equals(g.Name, group.Name, StringComparison.OrdinalIgnoreCase));
        if (i >= 0)
        {
            _groups[i] = group;
        }
        else
        {
            _groups.Add(group);
        }
    }

    /// <summary>Removes the group named <paramref name="name"/> if present.</summary>
    public void Remove(string name) => _groups.RemoveAll(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>GROUP:NAME, or null.</summary>
    public C3dParameter? Find(string group, string name) => Group(group)?.Find(name);

    /// <summary>Sets GROUP:NAME, creating the group when absent.</summary>
    public void Set(string group, C3dParameter parameter) => GetOrAdd(group).Set(parameter);

    /// <summary>A deep enough copy for the writer to edit (parameters are immutable and shared).</summary>
    public C3dParameterSection Clone()
    {
        var copy = new C3dParameterSection();
        foreach (C3dGroup g in _groups)
        {
            var group = new C3dGroup(g.Name, g.Description, g.Locked);
            foreach (C3dParameter p in g.Parameters)
            {
                group.Set(p);
            }

            copy._groups.Add(group);
        }

        return copy;
    }
}
