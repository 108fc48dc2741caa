using System.Numerics;

namespace Broadcast3D.Plugins.BuiltIn;

/// <summary>
/// A <see cref="PathTrack"/> of the pelvis (mid-point of RHip and LHip) per person, advanced once per picture by
/// <see cref="Update"/>; a person not in a picture loses the path. Fixed slots allocated up front. One thread.
/// </summary>
internal sealed class PelvisTracks
{
    private PathTrack[] _tracks = [];
    private int _samples;
    private PelvisFinder _pelvis;

    /// <summary>Slots of <paramref name="samples"/> positions each (reallocated: call from Configure only).</summary>
    public void Configure(int samples, int slots)
    {
        _samples = samples;
        _tracks = new PathTrack[slots];
        for (int i = 0; i < slots; i++)
            _tracks[i] = new PathTrack(samples);
    }

    /// <summary>Positions kept per person.</summary>
    public int Samples => _samples;

    /// <summary>The pelvis of <paramref name="person"/> (NaN when a hip is missing).</summary>
    public Vector3 Pelvis(OverlayScene scene, ScenePerson person) => _pelvis.Of(scene, person);

    /// <summary>Adds each person's pelvis at the picture's time; frees the tracks of people no longer there.</summary>
    public void Update(OverlayScene scene)
    {
        foreach (PathTrack track in _tracks)
            track.Seen = false;
        foreach (ScenePerson person in scene.People)
        {
            PathTrack track = For(person.Id);
            track.Seen = true;
            Vector3 pelvis = Pelvis(scene, person);
            if (ScenePerson.IsFinite(pelvis))
                track.Add(pelvis, scene.Seconds);
        }
        foreach (PathTrack track in _tracks)
        {
            if (!track.Seen)
                track.Restart(-1);
        }
    }

    /// <summary>The track of <paramref name="personId"/>, or null when not followed.</summary>
    public PathTrack? Find(int personId)
    {
        foreach (PathTrack track in _tracks)
        {
            if (track.PersonId == personId)
                return track;
        }
        return null;
    }

    private PathTrack For(int personId)
    {
        PathTrack? free = null;
        foreach (PathTrack track in _tracks)
        {
            if (track.PersonId == personId)
                return track;
            if (track.PersonId < 0 && free is null)
                free = track;
        }
        // More people than slots: a full table reuses the first (its path restarts).
        PathTrack slot = free ?? _tracks[0];
        slot.Restart(personId);
        return slot;
    }
}
