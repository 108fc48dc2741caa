namespace Broadcast3D.Control.Tests;

/// <summary>The WebSocket address of an HTTP address (ws:// for http://).</summary>
internal static class UriExtensions
{
    public static Uri ToWs(this Uri http) => new UriBuilder(http) { Scheme = http.Scheme == "https" ? "wss" : "ws" }.Uri;
}
