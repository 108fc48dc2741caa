namespace Broadcast3D.Engine.Configuration;

/// <summary>
/// The <c>record</c> section: every camera is recorded while <c>b3d run</c> runs (absent: nothing is recorded).
/// </summary>
/// <param name="Folder">The recording folder (resolved against the configuration's folder): <c>index.sqlite</c> and one sub-folder of segments per camera.</param>
/// <param name="RetainMinutes">Closed segments older than this are deleted (1–10080: a week).</param>
/// <param name="MaxGigabytes">At most this many GiB of segments are kept, oldest deleted first (0.1–100000).</param>
public sealed record RecordConfig(string Folder, int RetainMinutes, double MaxGigabytes)
{
    /// <summary>Bytes kept at most.</summary>
    public long MaxBytes => (long)(MaxGigabytes * 1024 * 1024 * 1024);

    /// <summary>
    /// <c>record.keepUnblurred</c> (issue #21; default false): the recording's original pictures may leave Broadcast3D
    /// (<c>b3d replay export --unblurred</c>). False: every picture read from the recording (the replay channel, every
    /// export) is blurred by the regions recorded beside it, with no way to ask for the original. Either way the
    /// regions are recorded and the replay channel, an on-air output, blurs by them.
    /// </summary>
    public bool KeepUnblurred { get; init; }
}
