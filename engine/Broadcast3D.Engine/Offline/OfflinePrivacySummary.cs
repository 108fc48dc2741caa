namespace Broadcast3D.Engine.Offline;

/// <summary>What the offline picture pass blurred (issue #21), in <c>summary.json</c>'s <c>privacy</c>.</summary>
/// <param name="Blur">The blur mode: <c>untracked</c>, <c>unconsented</c> or <c>none</c>.</param>
/// <param name="Consent">Where the identities came from.</param>
/// <param name="Linked">Identity ids linked to a track (the exported person by the <c>main</c> rule).</param>
/// <param name="PicturesBlurred">Camera-view and programme pictures with at least one blurred region.</param>
/// <param name="RegionsBlurred">Regions blurred over all those pictures.</param>
public sealed record OfflinePrivacySummary(string Blur, string Consent, IReadOnlyList<string> Linked, long PicturesBlurred, long RegionsBlurred);
