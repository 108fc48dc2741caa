namespace Broadcast3D.Tracking.Association;

/// <summary>
/// One identity's per-frame triangulation over a trial, filled frame by frame by <see cref="MultiPersonTrial"/>
/// (frames × markers; NaN where absent). Not thread-safe.
/// </summary>
internal sealed class PersonFrames
{
    private readonly int _markers;
    private bool _previousAmbiguous;
    private int _previousFrame = -2;

    private readonly int _cameras;

    public PersonFrames(int frames, int markers, int cameras, int order)
    {
        _markers = markers;
        _cameras = cameras;
        Detections = new int[frames * cameras];
        Array.Fill(Detections, -1);
        Order = order;
        Points = new double[frames * markers * 3];
        Errors = new double[frames * markers];
        Array.Fill(Points, double.NaN);
        Array.Fill(Errors, double.NaN);
        ExcludedCounts = new int[frames * markers];
        ExcludedMasks = new ulong[frames * markers];
    }

    /// <summary>Rank of the person's first detection in the trial (frame, then association rank), for ordering.</summary>
    public int Order { get; }

    public double[] Points { get; }

    /// <summary>Detection index per frame × camera (index f·cameras + c), -1 where unseen.</summary>
    public int[] Detections { get; }

    public double[] Errors { get; }

    public int[] ExcludedCounts { get; }

    public ulong[] ExcludedMasks { get; }

    public int FirstFrame { get; private set; } = -1;

    public int LastFrame { get; private set; } = -1;

    public int FramesPresent { get; private set; }

    public int AmbiguousEpisodes { get; private set; }

    public int Reidentifications { get; private set; }

    /// <summary>Copies person <paramref name="person"/> of the step's last frame set into frame <paramref name="frame"/>.</summary>
    public void Add(int frame, PeopleFrameStep step, int person)
    {
        step.Points(person).CopyTo(Points.AsSpan(frame * _markers * 3));
        step.ErrorsPixels(person).CopyTo(Errors.AsSpan(frame * _markers));
        step.ExcludedCounts(person).CopyTo(ExcludedCounts.AsSpan(frame * _markers));
        step.ExcludedMasks(person).CopyTo(ExcludedMasks.AsSpan(frame * _markers));
        step.Detections(person).DetectionPerCamera.CopyTo(Detections.AsSpan(frame * _cameras));
        if (FirstFrame < 0)
            FirstFrame = frame;
        LastFrame = frame;
        FramesPresent++;
        if (step.MissedBefore(person) > 0)
            Reidentifications++;
        // An episode is a run of ambiguous matches in consecutive frames: one crossing, one suspected switch.
        bool ambiguous = step.WasAmbiguous(person);
        if (ambiguous && !(_previousAmbiguous && _previousFrame == frame - 1))
            AmbiguousEpisodes++;
        _previousAmbiguous = ambiguous;
        _previousFrame = frame;
    }
}
