namespace Broadcast3D.Tracking.Inference;

/// <summary>
/// A GPU execution provider was explicitly requested (<c>--provider cuda|tensorrt</c>) and cannot run here; the
/// message says which piece is missing. <see cref="ExecutionProvider.Auto"/> never throws this: it falls back.
/// </summary>
public sealed class ExecutionProviderUnavailableException : InvalidOperationException
{
    public ExecutionProviderUnavailableException(ExecutionProvider provider, string reason)
        : base($"{provider} was requested but is not usable: {reason}")
    {
        Provider = provider;
    }

    public ExecutionProviderUnavailableException(string message)
        : base(message)
    {
    }

    public ExecutionProviderUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ExecutionProviderUnavailableException()
    {
    }

    /// <summary>The provider that was requested.</summary>
    public ExecutionProvider Provider { get; }
}
