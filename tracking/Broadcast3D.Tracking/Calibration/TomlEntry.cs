namespace Broadcast3D.Tracking.Calibration;

/// <summary>
/// One <c>key = value</c> of a TOML table with its position. <see cref="Value"/> is a <see cref="string"/>,
/// <see cref="bool"/>, <see cref="double"/> (TOML integers and floats alike) or an
/// <see cref="IReadOnlyList{T}"/> of such values (arrays, possibly nested).
/// </summary>
public sealed record TomlEntry(string Key, object Value, int Line, int Column);
