using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Formats;

namespace Broadcast3D.Tracking.Biomechanics;

/// <summary>Markers of a TRC by name, in metres (TRC units <c>mm</c> converted); an absent marker or a missing value is NaN. Immutable.</summary>
public sealed class MarkerSet
{
    private static readonly Vector3d Missing = new(double.NaN, double.NaN, double.NaN);
    private readonly TrcData _trc;
    private readonly Dictionary<string, int> _index;
    private readonly double _toMetres;

    /// <summary>Wraps <paramref name="trc"/> (not copied).</summary>
    public MarkerSet(TrcData trc)
    {
        ArgumentNullException.ThrowIfNull(trc);
        _trc = trc;
        _index = [];
        for (int m = 0; m < trc.MarkerCount; m++)
        {
            _index.TryAdd(trc.MarkerNames[m], m);
        }

        _toMetres = trc.Units.Trim().ToLowerInvariant() switch { "mm" => 0.001, "cm" => 0.01, _ => 1.0 };
    }

    /// <summary>True when the TRC has a column named <paramref name="name"/>.</summary>
    public bool Has(string name) => _index.ContainsKey(name);

    /// <summary>Marker <paramref name="name"/> at <paramref name="frame"/>, metres; NaN when absent or missing.</summary>
    public Vector3d Get(string name, int frame)
    {
        if (!_index.TryGetValue(name, out int m))
        {
            return Missing;
        }

        return new Vector3d(_trc[frame, m, 0] * _toMetres, _trc[frame, m, 1] * _toMetres, _trc[frame, m, 2] * _toMetres);
    }
}
