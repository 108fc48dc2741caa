namespace Broadcast3D.Engine.Replay;

/// <summary>How a recorded run's pictures are protected (issue #21; <see cref="RecordingCatalog.Privacy"/>).</summary>
/// <param name="Blur">The <c>privacy.blur</c> mode the run's blur regions were chosen by, at capture time.</param>
/// <param name="KeepUnblurred">
/// The run was recorded with <c>record.keepUnblurred</c>: an export may ask for the original pictures. False: every
/// picture read from the run is blurred by its recorded regions.
/// </param>
public sealed record RecordedPrivacy(Privacy.BlurMode Blur, bool KeepUnblurred);
