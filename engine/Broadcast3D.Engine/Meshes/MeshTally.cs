using Broadcast3D.Core.Cameras;
using Broadcast3D.Tracking.Masks;
using Broadcast3D.Tracking.Meshes;

namespace Broadcast3D.Engine.Meshes;

/// <summary>
/// What happened to the people meshed over a run (issue #18, bad input): per 3D person and frame set, meshed or
/// skipped with its reason; per camera, how often it carved, had no mask of the person, saw the person partly
/// outside its picture, or was left out for another reason (a fisheye calibration). Shared by <c>b3d mesh</c>, the
/// demo and the replay export so their counts mean the same. Not thread-safe.
/// </summary>
public sealed class MeshTally
{
    private readonly Dictionary<string, int> _skips = new(StringComparer.Ordinal);
    private readonly string[] _names;
    private readonly int[] _carved, _withoutMask, _partly, _leftOut;

    /// <summary>A tally for the cameras of <paramref name="rig"/>.</summary>
    public MeshTally(CameraRig rig)
    {
        ArgumentNullException.ThrowIfNull(rig);
        _names = [.. rig.Cameras.Select(c => c.Name)];
        _carved = new int[rig.Count];
        _withoutMask = new int[rig.Count];
        _partly = new int[rig.Count];
        _leftOut = new int[rig.Count];
    }

    /// <summary>People (3D person × frame set) a mesh was asked for.</summary>
    public int Asked { get; private set; }

    /// <summary>People meshed.</summary>
    public int Meshed { get; private set; }

    /// <summary>People not meshed.</summary>
    public int Skipped => _skips.Values.Sum();

    /// <summary>Why people were not meshed, with how often.</summary>
    public IReadOnlyDictionary<string, int> SkipReasons => _skips;

    /// <summary>
    /// Counts one person's cameras: without a mask (<paramref name="masks"/>[c] null or empty), partly outside the
    /// picture, carved (in <paramref name="hull"/>'s cameras) or left out for another reason; then meshed when
    /// <paramref name="hull"/> is given, else skipped for <paramref name="skipReason"/>.
    /// </summary>
    public void Count(IReadOnlyList<PersonMask?> masks, ReadOnlySpan<bool> partlyOutside, VisualHull? hull, string? skipReason)
    {
        ArgumentNullException.ThrowIfNull(masks);
        Asked++;
        for (int c = 0; c < _names.Length; c++)
        {
            if (masks[c] is null || masks[c]!.IsEmpty)
                _withoutMask[c]++;
            else if (partlyOutside[c])
                _partly[c]++;
        }
        if (hull is null)
        {
            Skip(skipReason ?? "no hull");
            return;
        }
        Meshed++;
        foreach (int c in hull.Cameras)
            _carved[c]++;
        foreach (CameraSkip s in hull.Skipped)
        {
            if (masks[s.Camera] is { IsEmpty: false })
                _leftOut[s.Camera]++;
        }
    }

    /// <summary>Counts a frame set not meshed before any camera was looked at (e.g. no 3D person).</summary>
    public void Skip(string reason) => _skips[reason] = _skips.GetValueOrDefault(reason) + 1;

    /// <summary>Per camera in rig order: name, frames carved, without a mask, partly outside, left out otherwise.</summary>
    public IReadOnlyList<MeshCameraCounts> Cameras() =>
        [.. _names.Select((n, c) => new MeshCameraCounts(n, _carved[c], _withoutMask[c], _partly[c], _leftOut[c]))];
}
