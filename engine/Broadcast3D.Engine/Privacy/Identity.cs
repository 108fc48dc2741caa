namespace Broadcast3D.Engine.Privacy;

/// <summary>
/// One person of the consent registry. <see cref="Name"/>, <see cref="Team"/> and <see cref="Bib"/> are personal
/// data: they leave the process only in an export the operator asked to carry names (<c>--names</c>).
/// </summary>
/// <param name="Id">The registry's own id (unique, e.g. <c>ath-07</c>); never written to pseudonymised exports.</param>
/// <param name="Name">Full name.</param>
/// <param name="Team">Team or club (empty when none).</param>
/// <param name="Bib">Bib or start number (empty when none).</param>
/// <param name="Consents">What the person consented to.</param>
/// <param name="Link">How a track is linked to this identity without the operator (null: by the operator only).</param>
public sealed record Identity(string Id, string Name, string Team, string Bib, Consents Consents, LinkRule? Link);
