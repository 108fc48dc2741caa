using Broadcast3D.Engine.Nodes;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests.Nodes;

/// <summary>A real nats-server with JetStream on a free loopback port and a temporary store, for one test.</summary>
internal sealed class NatsServerFixture : IDisposable
{
    private readonly TempFolder _store = new("b3d-nats");

    // nats-server is installed by scripts/setup.sh: a machine without it fails here with what to install, never skips.
    public NatsServerFixture() => Server = NatsServerProcess.Start(_store.File("js"));

    public NatsServerProcess Server { get; }

    public string Url => Server.Url;

    public Task<NodeBus> ConnectAsync() => NodeBus.ConnectAsync(new BusOptions { Url = Url }, "test");

    public void Dispose()
    {
        Server.Dispose();
        _store.Dispose();
    }
}
