namespace Broadcast3D.Engine.Nodes;

/// <summary>
/// The bus or a node is unavailable or failed: no <c>nats-server</c> installed, a server that cannot be reached or has
/// no JetStream, a node process of <c>b3d demo --nodes</c> that exited with an error. The message names the URL or
/// node and what to do. The CLI maps it to exit code 3 (a runtime component).
/// </summary>
public sealed class NodeException : Exception
{
    public NodeException(string message)
        : base(message)
    {
    }

    public NodeException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
