using Broadcast3D.Core.Time;
using Broadcast3D.Engine.Replay;
using Broadcast3D.Engine.Sync;

namespace Broadcast3D.Engine.Live;

/// <summary>
/// Writes each camera's placement on the common clock (<see cref="CameraSync.EstimatedOffset"/>) into the replay
/// index when it changes (<see cref="RecordingIndex.CameraPlaced"/>): the index keeps each camera's own capture times,
/// and a replay maps them with these rows so that every angle shows the same instant. Checked after each frame set on
/// the ingest thread: a comparison per camera, no allocation; a row (through the index's lock) only when a placement
/// moves, a few times a run. Ingest thread only.
/// </summary>
internal sealed class PlacementRecorder(RecordingIndex index, IReadOnlyList<string> cameras)
{
    private readonly Rational?[] _placed = new Rational?[cameras.Count];

    /// <summary>After frame set <paramref name="setTime"/> (common clock): records the placements that changed.</summary>
    public void Check(CameraSync sync, Rational setTime)
    {
        for (int c = 0; c < _placed.Length; c++)
        {
            if (sync.EstimatedOffset(c) is not { } offset || _placed[c] == offset)
                continue;
            _placed[c] = offset;
            index.CameraPlaced(cameras[c], setTime, offset);
        }
    }
}
