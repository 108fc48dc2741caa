namespace Broadcast3D.Engine.Nodes;

/// <summary>What an ingest node reads and which models it runs. Immutable.</summary>
public sealed record IngestNodeOptions
{
    /// <summary>The bus and its retention.</summary>
    public required BusOptions Bus { get; init; }

    /// <summary>The node's cameras: id (the calibration's camera name, the subject token) and source (file or URL).</summary>
    public required IReadOnlyList<(string Id, string Source)> Cameras { get; init; }

    /// <summary>Person detector: a model name of the catalog.</summary>
    public string Detector { get; init; } = "rtmdet";

    /// <summary>2D pose model: a model name of the catalog.</summary>
    public string PoseModel { get; init; } = "blazepose-full";

    /// <summary>Run the detector every k-th frame; in between, crops follow the previous keypoints.</summary>
    public int DetectEvery { get; init; } = 1;

    /// <summary>CPU threads per inference (0: ONNX Runtime's default).</summary>
    public int InferenceThreads { get; init; }

    /// <summary>Stop after this many frames (null: until the sources end).</summary>
    public int? MaxFrames { get; init; }

    /// <summary>
    /// Live (<c>--live</c>): the sources are read as <c>b3d run</c> reads them (a file played at its own frame rate, a
    /// full queue dropping its oldest frame, the newest set taken when the models fall behind) and every capture time
    /// is put on the wall clock (Unix time), so nodes started at different times, or restarted, publish on the one set
    /// grid the fusion node assembles. False: every frame in order, as fast as the models go, file capture times.
    /// </summary>
    public bool Live { get; init; }

    /// <summary>Live only: a file starts again at its end, its timeline continuing (a camera that never ends).</summary>
    public bool Loop { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the field that cannot be used.</summary>
    public void Validate()
    {
        Bus.Validate();
        if (Cameras.Count == 0)
            throw new ArgumentException("--cameras: give at least one ID=SOURCE");
        foreach ((string id, string source) in Cameras)
        {
            NodeWire.RequireCameraId(id, "--cameras");
            if (string.IsNullOrWhiteSpace(source))
                throw new ArgumentException($"--cameras: camera {id} has no source (give ID=FILE_OR_URL)");
        }
        if (Cameras.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count() != Cameras.Count)
            throw new ArgumentException("--cameras: a camera id is given twice");
        if (DetectEvery < 1)
            throw new ArgumentException($"--detect-every {DetectEvery}: give 1 or more");
        if (Loop && !Live)
            throw new ArgumentException("--loop: only with --live (an offline node reads its files once, in order)");
        if (MaxFrames is < 1)
            throw new ArgumentException($"--frames {MaxFrames}: give 1 or more");
    }
}
