namespace Broadcast3D.Engine.Offline;

/// <summary>What the offline picture pass pixelated (issue #21), in <c>summary.json</c>'s <c>privacy</c>.</summary>
/// <param name="Blur">The blur mode: <c>untracked</c>, <c>unconsented</c> or <c>none</c>.</param>
/// <param name="Consent">Where the identities came from.</param>
/// <param name="Linked">Identity ids linked to a track (the exported person by the <c>main</c> rule).</param>
/// <param name="PicturesPixelated">Camera-view and programme pictures with at least one pixelated region.</param>
/// <param name="RegionsPixelated">Regions pixelated over all those pictures.</param>
public sealed record OfflinePrivacySummary(string Blur, string Consent, IReadOnlyList<string> Linked, long PicturesPixelated, long RegionsPixelated);
