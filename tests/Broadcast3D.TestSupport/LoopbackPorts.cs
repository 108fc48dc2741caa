using System.Net;
using System.Net.Sockets;

namespace Broadcast3D.TestSupport;

/// <summary>
/// Free ports on 127.0.0.1 for network tests (streams, listeners), asked from the OS rather than hard-coded so
/// parallel test runs do not collide. The port is released before returning: use it at once.
/// </summary>
public static class LoopbackPorts
{
    /// <summary>A UDP port nobody listens on (SRT and raw UDP streams).</summary>
    public static int FreeUdp() => Free(SocketType.Dgram, ProtocolType.Udp);

    /// <summary>A TCP port nobody listens on (RTMP).</summary>
    public static int FreeTcp() => Free(SocketType.Stream, ProtocolType.Tcp);

    private static int Free(SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
