using System.Numerics;
using Broadcast3D.Core.Cameras;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Engine.Scene;

namespace Broadcast3D.Engine.Privacy;

/// <summary>
/// Chooses, for every tracked frame set, the regions to blur in each camera's picture (<see cref="BlurRegions"/>
/// over the camera's 2D boxes, their mask shapes and the 3D people, by the registry's links at that moment) and writes them into the
/// recording's index beside the 3D (issue #21): the replay channel and every export of the recording blur by them.
/// The decision is the one made at capture time; a link made later does not unblur what was recorded before it.
/// Tracking thread only (one <see cref="BlurRegions"/> per camera; the registry is thread-safe). Allocates the
/// index rows only, like the 3D beside it.
/// </summary>
public sealed class BlurRecorder
{
    private readonly RecordingIndex _index;
    private readonly IReadOnlyList<(string Name, Camera Camera)> _cameras;
    private readonly BlurRegions[] _select;
    private readonly Vector4[] _boxes;
    private readonly float[] _shapes;

    /// <param name="index">The run's recording index (<see cref="RecordingIndex.PrivacyUsed"/> is the caller's).</param>
    /// <param name="mode">Who is blurred (<c>privacy.blur</c>).</param>
    /// <param name="registry">The links and consents the choice reads.</param>
    /// <param name="cameras">Every camera's name and calibration, in the pipeline's camera order (the boxes' camera index).</param>
    /// <param name="maxPeople">3D people per set at most.</param>
    /// <param name="maxBoxes">2D boxes per set at most (all cameras).</param>
    public BlurRecorder(RecordingIndex index, BlurMode mode, ConsentRegistry registry, IReadOnlyList<(string Name, Camera Camera)> cameras, int maxPeople, int maxBoxes)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(cameras);
        _index = index;
        _cameras = cameras;
        _boxes = new Vector4[Math.Max(1, maxBoxes)];
        _shapes = new float[_boxes.Length * SkeletonSet.ShapeFloats];
        _select = [.. cameras.Select(_ => new BlurRegions(mode, registry, maxPeople, Math.Max(32, (maxBoxes * MaskShape.Slices) + maxPeople)))];
    }

    /// <summary>Regions written so far, all cameras.</summary>
    public long RegionsRecorded => _select.Sum(s => s.RegionsBlurred);

    /// <summary>Writes each camera's regions for <paramref name="set"/> (its 3D people and 2D boxes, at its common time).</summary>
    public void Tracked(SkeletonSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        for (int c = 0; c < _cameras.Count; c++)
        {
            int boxes = set.BoxesOf(c, _boxes, _shapes);
            _index.BlurRegionsTracked(_cameras[c].Name, set.Time, _select[c].Select(_cameras[c].Camera, _boxes.AsSpan(0, boxes), set, _shapes));
        }
    }
}
