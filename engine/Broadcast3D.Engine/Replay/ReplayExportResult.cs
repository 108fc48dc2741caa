namespace Broadcast3D.Engine.Replay;

/// <summary>What <see cref="ReplayExporter"/> wrote.</summary>
/// <param name="OutFile">The file written.</param>
/// <param name="FramesOut">Frames in the clip (its duration × the frame rate).</param>
/// <param name="Pictures">Distinct recorded pictures shown.</param>
/// <param name="Segments">Segments read.</param>
public sealed record ReplayExportResult(string OutFile, long FramesOut, long Pictures, int Segments)
{
    /// <summary>Frames of the virtual-camera shot at the start of the clip (dissolve included); 0 without one.</summary>
    public long VirtualFrames { get; init; }

    /// <summary>The meshes carved for the virtual-camera shot (counts, cameras, why none); null when none were asked for.</summary>
    public Meshes.RecordingMeshes? Meshes { get; init; }

    /// <summary>Frames whose real picture had recorded blur regions blurred (issue #21).</summary>
    public long BlurredFrames { get; init; }

    /// <summary>How the run was protected when recorded; null: recorded before blur regions were kept (exported as recorded).</summary>
    public RecordedPrivacy? Privacy { get; init; }

    /// <summary>The originals were exported (<see cref="ReplayExportRequest.Unblurred"/> of a run recorded with <c>record.keepUnblurred</c>).</summary>
    public bool Unblurred { get; init; }
}
