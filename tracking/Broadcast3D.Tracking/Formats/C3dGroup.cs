namespace Broadcast3D.Tracking.Formats;

/// <summary>A C3D parameter group (POINT, ANALOG, TRIAL, EVENT, FORCE_PLATFORM, MANUFACTURER, …) and its parameters in file order. Not thread-safe.</summary>
public sealed class C3dGroup
{
    private readonly List<C3dParameter> _parameters = [];

    /// <summary>Creates an empty group.</summary>
    /// <exception cref="ArgumentException">Name empty or longer than 127 characters.</exception>
    public C3dGroup(string name, string description = "", bool locked = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > 127)
        {
            throw new ArgumentException($"C3D group name {name} is longer than 127 characters.", nameof(name));
        }

        Name = name;
        Description = description ?? string.Empty;
        Locked = locked;
    }

    /// <summary>Group name.</summary>
    public string Name { get; }

    /// <summary>Free-text description.</summary>
    public string Description { get; }

    /// <summary>Locked flag.</summary>
    public bool Locked { get; }

    /// <summary>Parameters in file order.</summary>
    public IReadOnlyList<C3dParameter> Parameters => _parameters;

    /// <summary>The parameter named <paramref name="name"/> (case-insensitive), or null.</summary>
    public C3dParameter? Find(string name) => _parameters.Find(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Adds <paramref name="parameter"/>, replacing one of the same name in place.</summary>
    public void Set(C3dParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        int i = _parameters.FindIndex(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
        if (i >= 0)
        {
            _parameters[i] = parameter;
        }
        else
        {
            _parameters.Add(parameter);
        }
    }

    /// <summary>Removes the parameters whose names match <paramref name="match"/>.</summary>
    public void RemoveAll(Predicate<string> match) => _parameters.RemoveAll(p => match(p.Name));
}
