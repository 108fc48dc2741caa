namespace Broadcast3D.Tracking.Inference;

/// <summary>The provider a session was configured with, and the reason it was chosen (for logs and doctor).</summary>
public sealed record ProviderChoice(ExecutionProvider Provider, string Reason)
{
    public override string ToString() => $"{Provider}: {Reason}";
}
