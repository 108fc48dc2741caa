namespace Broadcast3D.Tracking.Inference;

/// <summary>Whether one execution provider can run here, and why (not).</summary>
/// <param name="Provider">The provider probed.</param>
/// <param name="Usable">True when a session option could be configured with it.</param>
/// <param name="Reason">What was found, or the first missing piece and what to install.</param>
public sealed record ProviderAvailability(ExecutionProvider Provider, bool Usable, string Reason);
